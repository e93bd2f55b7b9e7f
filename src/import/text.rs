//! Plain-text and parallel report import.
