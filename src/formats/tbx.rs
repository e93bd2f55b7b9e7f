//! TBX v2 (`<martif>`) glossary reading and writing.
