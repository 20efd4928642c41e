/// An axis-aligned box in pixels (x, y its top-left corner).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn area(&self) -> f32 {
        self.width.max(0.0) * self.height.max(0.0)
    }

    pub fn centre(&self) -> (f32, f32) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// The square around the box's centre whose side is `factor` times the box's longer side.
    pub fn grown(&self, factor: f32) -> Rect {
        let side = self.width.max(self.height) * factor;
        let (cx, cy) = self.centre();
        Rect { x: cx - side / 2.0, y: cy - side / 2.0, width: side, height: side }
    }

    /// The box cut to an image of `size` in whole pixels (x, y, width, height); `None` when
    /// nothing of it is inside.
    pub fn within(&self, size: (u32, u32)) -> Option<(u32, u32, u32, u32)> {
        if ![self.x, self.y, self.width, self.height].iter().all(|v| v.is_finite()) {
            return None;
        }
        let (w, h) = (size.0 as f32, size.1 as f32);
        let (x0, y0) = (self.x.max(0.0), self.y.max(0.0));
        let (x1, y1) = ((self.x + self.width).min(w), (self.y + self.height).min(h));
        (x1 - x0 >= 1.0 && y1 - y0 >= 1.0).then_some((x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32))
    }

    /// Intersection over union: 1 for the same box, 0 for boxes apart.
    pub fn iou(&self, other: &Rect) -> f32 {
        let w = (self.x + self.width).min(other.x + other.width) - self.x.max(other.x);
        let h = (self.y + self.height).min(other.y + other.height) - self.y.max(other.y);
        let inter = w.max(0.0) * h.max(0.0);
        let union = self.area() + other.area() - inter;
        if union <= 0.0 {
            0.0
        } else {
            inter / union
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iou_of_same_half_and_apart_boxes() {
        let a = Rect { x: 0.0, y: 0.0, width: 10.0, height: 10.0 };
        assert_eq!(a.iou(&a), 1.0);
        assert_eq!(a.iou(&Rect { x: 5.0, ..a }), 50.0 / 150.0);
        assert_eq!(a.iou(&Rect { x: 20.0, ..a }), 0.0);
    }

    #[test]
    fn a_box_grown_and_cut_to_the_image() {
        let a = Rect { x: 10.0, y: 20.0, width: 10.0, height: 20.0 };
        assert_eq!(a.grown(2.0), Rect { x: -5.0, y: 10.0, width: 40.0, height: 40.0 });
        assert_eq!(a.grown(2.0).within((30, 100)), Some((0, 10, 30, 40)));
        assert_eq!(Rect { x: f32::NAN, ..a }.within((30, 100)), None);
        assert_eq!(Rect { x: 50.0, ..a }.within((30, 100)), None);
    }
}
