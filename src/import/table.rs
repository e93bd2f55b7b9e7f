//! TSV/CSV import with a header row of language codes.
