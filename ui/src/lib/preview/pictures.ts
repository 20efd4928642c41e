// Synthetic pictures for the preview, drawn in the browser: a specimen ID card, a specimen bill and
// a moving camera stand-in. No real person's document or face anywhere.

async function jpeg(canvas: HTMLCanvasElement): Promise<ArrayBuffer> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  return blob ? blob.arrayBuffer() : new ArrayBuffer(0);
}

function canvas(width: number, height: number) {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return [c, c.getContext('2d')!] as const;
}

export function specimenDocument(kind: 'id' | 'bill'): Promise<ArrayBuffer> {
  const [c, g] = kind === 'id' ? canvas(960, 604) : canvas(620, 860);
  g.fillStyle = kind === 'id' ? '#dfe9f5' : '#ffffff';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = kind === 'id' ? '#1e4a8c' : '#2f6b3a';
  g.fillRect(0, 0, c.width, 90);
  g.fillStyle = '#ffffff';
  g.font = 'bold 40px sans-serif';
  g.fillText(kind === 'id' ? 'SPECIMEN · IDENTITY CARD' : 'SPECIMEN · ELECTRICITY', 30, 60);
  g.fillStyle = '#1b2330';
  g.font = '28px monospace';
  const lines =
    kind === 'id'
      ? ['SAMPLE, ALEX', 'No. SX1234567', 'Issued 2021-06-18', 'Expires 2031-06-17']
      : ['Alex Sample', '221 Sample Road', 'Chiang Mai 50200', 'Amount due 42.00'];
  lines.forEach((line, i) => g.fillText(line, kind === 'id' ? 320 : 40, 170 + i * 60));
  if (kind === 'id') {
    g.fillStyle = '#b9c7d8';
    g.fillRect(40, 130, 240, 300);
  }
  return jpeg(c);
}

/** A moving stand-in for a camera: `onFrame` gets JPEG frames until the returned stop is called. */
export function standInCamera(onFrame: (jpeg: ArrayBuffer) => void, fps = 15): { stop(): void; still(): Promise<ArrayBuffer> } {
  const [c, g] = canvas(640, 480);
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  let frame = 0;
  const draw = () => {
    const t = still ? 0 : frame / fps;
    const sky = g.createLinearGradient(0, 0, 0, 480);
    sky.addColorStop(0, '#3c5a8a');
    sky.addColorStop(1, '#8a7a5a');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 480);
    const x = 320 + Math.sin(t) * 30;
    g.fillStyle = '#e0b896';
    g.beginPath();
    g.ellipse(x, 240, 90, 120, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#2a1e18';
    g.beginPath();
    g.ellipse(x - 32, 215, 12, 9, 0, 0, Math.PI * 2);
    g.ellipse(x + 32, 215, 12, 9, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#9a4a4a';
    g.fillRect(x - 30, 290, 60, 10);
    frame += 1;
  };
  let stopped = false;
  const timer = setInterval(async () => {
    draw();
    const bytes = await jpeg(c);
    if (!stopped) onFrame(bytes);
  }, 1000 / fps);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    still: () => jpeg(c),
  };
}
