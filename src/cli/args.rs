//! Value parsers shared by every command: one for language tags (alone, in lists, in
//! `LANG=FILE` and `LANG=TEXT` pairs) and one for `--format`-like choices, so a bad value
//! is refused the same way everywhere: by clap, naming the option and the value, exit 2.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::ValueEnum;
use tmkit::input::TextEncoding;
use tmkit::lang::{self, LangError};

/// A language option's value (`--lang`, `--src`, each of `--tgt kk,ru`): its canonical tag.
pub fn lang(s: &str) -> Result<String, LangError> {
    lang::parse_tag(s)
}

/// `--encoding LABEL`: the encoding of text inputs without a byte-order mark, by its WHATWG
/// label in any case (`windows-1251`, `cp1251`, `koi8-r`, `iso-8859-5`, `utf-8`, …).
pub fn encoding(s: &str) -> Result<TextEncoding, String> {
    TextEncoding::for_label(s).ok_or_else(|| {
        format!(
            "unknown encoding '{s}' (expected a label of the Encoding Standard: utf-8, \
             windows-1251, koi8-r, iso-8859-5, windows-1252, …)"
        )
    })
}

/// `--target LANG=FILE`: the canonical tag and the file.
pub fn lang_file(s: &str) -> Result<(String, PathBuf), String> {
    let (tag, file) = lang_pair(s, "FILE")?;
    Ok((tag, PathBuf::from(file)))
}

/// `--target LANG=TEXT`: the canonical tag and the text.
pub fn lang_text(s: &str) -> Result<(String, String), String> {
    let (tag, text) = lang_pair(s, "TEXT")?;
    Ok((tag, text.to_string()))
}

fn lang_pair<'a>(s: &'a str, what: &str) -> Result<(String, &'a str), String> {
    let (tag, rest) = s
        .split_once('=')
        .ok_or_else(|| format!("expected LANG={what}, got {s:?}"))?;
    let tag = lang::parse_tag(tag).map_err(|e| e.to_string())?;
    Ok((tag, rest))
}

/// A `clap::ValueEnum` option (`--format`) whose refusal names what was expected
/// ("unknown export format") and lists the possible values; completions and `--help`
/// list them too.
#[derive(Debug)]
pub struct Choice<E> {
    what: &'static str,
    choices: PhantomData<fn() -> E>,
}

impl<E> Clone for Choice<E> {
    fn clone(&self) -> Self {
        Choice {
            what: self.what,
            choices: PhantomData,
        }
    }
}

impl<E> Choice<E> {
    /// A parser for `E`, refusing other values as an unknown `what`.
    pub fn new(what: &'static str) -> Self {
        Choice {
            what,
            choices: PhantomData,
        }
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Choice<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<E, clap::Error> {
        EnumValueParser::<E>::new()
            .parse_ref(cmd, arg, value)
            .map_err(|_| {
                let names: Vec<String> = E::value_variants()
                    .iter()
                    .filter_map(ValueEnum::to_possible_value)
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                let arg = arg.map_or_else(|| "...".to_string(), ToString::to_string);
                let message = format!(
                    "invalid value '{}' for '{arg}': unknown {}\n  [possible values: {}]",
                    value.to_string_lossy(),
                    self.what,
                    names.join(", ")
                );
                clap::Error::raw(ErrorKind::InvalidValue, message).format(&mut cmd.clone())
            })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}
