//! The practice's settings as types.

/// The paper a practice prints on (a column's type, so it is declared with the other states).
pub use crate::entities::states::Paper;

impl Paper {
    /// Width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (595.28, 841.89),
        }
    }
}
