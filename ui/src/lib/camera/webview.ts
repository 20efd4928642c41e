// The phone's camera through the page (`getUserMedia`): the selfie camera in Android and iOS builds,
// where the camera in Rust has no backend. It offers the Backend's three camera calls, so the selfie
// screen is the same on every platform: preview frames come as JPEG bytes, failures as the same
// camera codes as the desktop camera's, and the still is handed on as JPEG bytes (in the app to the
// shell's `webview_still`, which prepares it as the selfie and keeps it in the draft). About twelve
// times a second a small frame (raw RGBA, 320 px) goes to the shell's `webview_frame`: the same live
// face check in Rust as the desktop camera's frames, whose guidance comes back to `onLive`.
import type { AppError, CameraCode, CameraStarted, Live } from '../ipc/bindings';

/** The still's long edge at most; the shell fits it to the selfie's 1280 px anyway. */
const STILL_EDGE = 1920;
const PREVIEW_EDGE = 640;
const PREVIEW_FPS = 15;
/** The live check's frames: long edge, and how many a second at most. */
export const CHECK_EDGE = 320;
export const CHECK_FPS = 12;

/** Hands a small RGBA frame to the live check (the backend's `webviewFrame`). */
export type Check = (rgba: Uint8Array, width: number, height: number, atMs: number, first: boolean) => Promise<Live>;

const failure = (code: CameraCode, message = ''): AppError => ({ kind: 'camera', code, message });

/** What `getUserMedia` refused with, as the desktop camera's codes say it. */
export function cameraFailure(error: unknown): AppError {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return failure('permission_denied', message);
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return failure('no_camera', message);
  if (name === 'NotReadableError' || name === 'AbortError') return failure('busy', message);
  return failure('backend', message || String(error));
}

const toJpeg = (canvas: HTMLCanvasElement, quality: number) =>
  new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));

export function webviewCamera(handOn: (jpeg: Uint8Array) => Promise<ArrayBuffer>, check: Check) {
  let stream: MediaStream | null = null;
  let video: HTMLVideoElement | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let checker: ReturnType<typeof setInterval> | null = null;

  function stop() {
    if (timer) clearInterval(timer);
    if (checker) clearInterval(checker);
    timer = null;
    checker = null;
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video = null;
  }

  return {
    async cameraStart(
      onFrame: (jpeg: ArrayBuffer) => void,
      onFailure: (e: AppError) => void,
      onLive: (live: Live) => void,
    ): Promise<CameraStarted> {
      stop();
      if (!navigator.mediaDevices?.getUserMedia) throw failure('no_camera');
      try {
        // The front camera, at the best resolution it offers up to 1920 px.
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: 'user', width: { ideal: STILL_EDGE }, height: { ideal: STILL_EDGE } },
        });
      } catch (e) {
        throw cameraFailure(e);
      }
      const own = stream;
      video = document.createElement('video');
      video.playsInline = true;
      video.muted = true;
      video.srcObject = own;
      await video.play();
      const { videoWidth: width, videoHeight: height } = video;
      const scale = Math.min(1, PREVIEW_EDGE / Math.max(width, height, 1));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const context = canvas.getContext('2d');
      let drawing = false;
      timer = setInterval(async () => {
        if (!video || !context || drawing) return;
        drawing = true;
        try {
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          const frame = await toJpeg(canvas, 0.7);
          if (frame && stream === own) onFrame(await frame.arrayBuffer());
        } finally {
          drawing = false;
        }
      }, 1000 / PREVIEW_FPS);
      // The live check: one small frame at a time (a frame still being checked skips a turn).
      const small = Math.min(1, CHECK_EDGE / Math.max(width, height, 1));
      const checked = document.createElement('canvas');
      checked.width = Math.max(1, Math.round(width * small));
      checked.height = Math.max(1, Math.round(height * small));
      const checkContext = checked.getContext('2d', { willReadFrequently: true });
      let first = true;
      let busy = false;
      checker = setInterval(async () => {
        if (!video || !checkContext || busy) return;
        busy = true;
        try {
          checkContext.drawImage(video, 0, 0, checked.width, checked.height);
          const { data } = checkContext.getImageData(0, 0, checked.width, checked.height);
          const live = await check(new Uint8Array(data.buffer), checked.width, checked.height, performance.now(), first);
          first = false;
          if (stream === own) onLive(live);
        } catch {
          // A check that fails leaves the preview as it is: the capture button is always there.
        } finally {
          busy = false;
        }
      }, 1000 / CHECK_FPS);
      own.getVideoTracks()[0]?.addEventListener('ended', () => {
        if (stream !== own) return;
        stop();
        onFailure(failure('disconnected'));
      });
      return { camera: own.getVideoTracks()[0]?.label || 'camera', width, height };
    },

    async cameraCapture(): Promise<ArrayBuffer> {
      if (!video) throw failure('closed');
      const scale = Math.min(1, STILL_EDGE / Math.max(video.videoWidth, video.videoHeight, 1));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
      stop();
      const still = await toJpeg(canvas, 0.92);
      if (!still) throw failure('still');
      return handOn(new Uint8Array(await still.arrayBuffer()));
    },

    async cameraStop() {
      stop();
    },
  };
}
