//! XLIFF 1.2 / 2.0 translation jobs.
