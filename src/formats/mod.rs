//! Exchange formats: TMX 1.4b (translation memory), XLIFF (translation jobs), and the XML
//! reading and writing they share with the glossary's TBX.

pub mod tmx;
pub mod xliff;
pub mod xml;
