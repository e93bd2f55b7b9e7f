//! TMX 1.1–1.4b reading and writing.
