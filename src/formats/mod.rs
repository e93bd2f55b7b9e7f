//! Exchange formats: TMX 1.4b (translation memory), TBX v2 (glossaries), XLIFF (translation jobs).

pub mod tbx;
pub mod tmx;
pub mod xliff;
