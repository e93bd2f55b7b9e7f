//! `quote-balance`: quotation marks and brackets that open and close in pairs.
//!
//! Guillemets `«»`, German-style `„“` (Russian nested quotes, also `„”`), English `“”`,
//! straight `"` (opening and closing in turn), and the brackets `()`, `[]`, `{}`. Quotation
//! marks and brackets are balanced separately, quotations nested in the right order. A text
//! is held against its source: a quotation that the source itself leaves open (a quote
//! running over several sentences, each its own unit) may stay open in the translation.
//! List markers (`1)`, `а)`) and emoticons (`:)`) are not brackets.

use super::finding::Finding;

/// Which kind of pair a mark belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Quote,
    Bracket,
}

/// The first place where the marks of `class` in `text` do not pair up: its byte range
/// and what is wrong.
fn first_problem(text: &str, class: Class) -> Option<((usize, usize), String)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut last_char: Option<char> = None;
    for (i, c) in text.char_indices() {
        let prev = last_char;
        last_char = Some(c);
        let closes =
            |open: &[char], stack: &mut Vec<(char, usize)>| -> Option<((usize, usize), String)> {
                match stack.last() {
                    Some((o, _)) if open.contains(o) => {
                        stack.pop();
                        None
                    }
                    Some((o, at)) => Some((
                        (i, i + c.len_utf8()),
                        format!(
                            "“{c}” closes “{o}” (opened at character {})",
                            text[..*at].chars().count() + 1
                        ),
                    )),
                    None => Some(((i, i + c.len_utf8()), format!("“{c}” closes nothing"))),
                }
            };
        let problem = match (class, c) {
            (Class::Quote, '«' | '„' | '‹') => {
                stack.push((c, i));
                None
            }
            (Class::Quote, '»') => closes(&['«'], &mut stack),
            (Class::Quote, '›') => closes(&['‹'], &mut stack),
            (Class::Quote, '“') => {
                // Closes „ (Russian), else opens an English quotation.
                if stack.last().is_some_and(|(o, _)| *o == '„') {
                    stack.pop();
                } else {
                    stack.push((c, i));
                }
                None
            }
            (Class::Quote, '”') => closes(&['“', '„'], &mut stack),
            (Class::Quote, '"') => {
                if stack.last().is_some_and(|(o, _)| *o == '"') {
                    stack.pop();
                } else {
                    stack.push((c, i));
                }
                None
            }
            (Class::Bracket, '(' | '[' | '{') => {
                stack.push((c, i));
                None
            }
            (Class::Bracket, ')' | ']' | '}') => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                let marker = stack.is_empty()
                    && (matches!(prev, Some(':' | ';' | '-' | '=')) || is_list_marker(&text[..i]));
                if marker {
                    None
                } else {
                    closes(&[open], &mut stack)
                }
            }
            _ => None,
        };
        if problem.is_some() {
            return problem;
        }
    }
    stack
        .first()
        .map(|&(o, at)| ((at, at + o.len_utf8()), format!("“{o}” is never closed")))
}

/// Whether `before` (the text before a `)`) ends in a list marker: one to three letters or
/// digits after white space or at the start (`1)`, `а)`, `iv)`).
fn is_list_marker(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or(before);
    let rest = &before[..before.len() - word.len()];
    (1..=3).contains(&word.chars().count())
        && rest.chars().next_back().is_none_or(char::is_whitespace)
}

/// `quote-balance` findings in a translation `tgt` of `src`: the first unpaired quotation
/// mark and the first unpaired bracket, unless the source has the same kind of problem.
pub(super) fn quote_balance(src: &str, tgt: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (class, what) in [
        (Class::Quote, "quotation marks"),
        (Class::Bracket, "brackets"),
    ] {
        if first_problem(src, class).is_some() {
            continue;
        }
        if let Some(((s, e), why)) = first_problem(tgt, class) {
            out.push(Finding {
                span: Some((s, e)),
                found: Some(tgt[s..e].to_string()),
                message: format!("unbalanced {what}: {why}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str, tgt: &str) -> Vec<String> {
        quote_balance(src, tgt)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn paired_marks_of_each_language_pass() {
        for t in [
            "Суд признал его виновным в «организации несанкционированного митинга».",
            "Он сказал: «Мы называем это „лагерями“» (по данным суда).",
            "Ол «саяси индоктринацияға» ұшырайды [10].",
            "They undergo \"political indoctrination\" (officially “reeducation”).",
            "Пункты: 1) митинг, 2) суд.",
            "а) первый пункт",
            "Спасибо :)",
            "„Цитата”",
        ] {
            assert!(
                found("Plain.", t).is_empty(),
                "{t}: {:?}",
                found("Plain.", t)
            );
        }
    }

    #[test]
    fn unpaired_or_crossed_marks_are_caught() {
        assert_eq!(
            found("guilty of \"organizing a rally\"", "в «организации митинга"),
            ["unbalanced quotation marks: “«” is never closed"]
        );
        assert_eq!(
            found("x", "организации митинга»"),
            ["unbalanced quotation marks: “»” closes nothing"]
        );
        assert_eq!(
            found("x (y)", "х (у"),
            ["unbalanced brackets: “(” is never closed"]
        );
        assert_eq!(
            found("x", "«а „б» в“"),
            ["unbalanced quotation marks: “»” closes “„” (opened at character 4)"]
        );
    }

    #[test]
    fn what_the_source_leaves_open_may_stay_open() {
        assert!(found("\"We will not leave.", "«Мы не уйдём.").is_empty());
        assert_eq!(found("\"We will not leave.", "«Мы (не уйдём.").len(), 1);
    }
}
