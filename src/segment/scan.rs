//! The forward scanner: one pass over the bytes, a decision at each candidate
//! boundary from a bounded window around it.
//!
//! Every look-back or look-ahead is either bounded by a small constant
//! (`WINDOW`) or consumes the bytes it reads (the scan then continues after
//! them), so the total work is linear in the input.
//!
//! The decisions, in brief:
//! - A terminal cluster (`.?!…` plus closing quotes/brackets, no spaces) ends a
//!   sentence only when whitespace follows, except `world.Today` (a period
//!   glued to a capital, not in a URL, e-mail or abbreviation) and CJK stops.
//! - A blank line always ends a segment.
//! - Reference markers glued to the cluster (`.[10][11]`) belong to it.
//! - After the cluster: a dash on the same line (`? — спросила`) or a
//!   lower-case word continues the sentence (Kazakh: `?` before a lower-case
//!   word ends it unless the word is reported speech, `деп`, `деді`, or the
//!   `?` ends a quotation, `«…қайда?» атты акция`). A `!` or `?` ending a
//!   quoted name after a `[titles]` word (`движения «Оян, Qazaqstan!»`)
//!   does not end the sentence before a two-word name that is not a
//!   sentence starter.
//! - A single period before a capital or digit: the word before decides —
//!   regular words end the sentence; initials (`B.`, `Л.Н.`) and `[never]`
//!   abbreviations do not; `[ambiguous]` ones only before a sentence starter;
//!   `[final]` ones before any capital; `[time]` ones also after a clause of
//!   more than three words; English `I.` after a lower-case word ends it.
//! - Spaced ellipses: `. . .` never ends a sentence; a four-dot one before a
//!   capital does (after the first dot when glued to the word before).
//! - List markers (`1.`, `2)`, `b.`) and mid-line bullets start new items.
//! - A line break without a terminal mark ends the segment before a
//!   capitalised line (unless the line ends with a comma or a word such as
//!   `the`, or the paragraph is hard-wrapped) and continues before a
//!   lower-case one (unless the line is a one- or two-word label or a Title
//!   Case headline).

use std::collections::VecDeque;

use super::chars::{is_alnum, is_alpha, is_lower, is_upper, push_lower};
use super::is_space;
use super::rules::{Class, Family, Rules, MAX_ABBREV_BYTES};
use super::Segment;

/// Bytes a decision may look back or ahead.
const WINDOW: usize = 64;

/// Bytes that may start a candidate boundary: terminators, line breaks, `)`
/// (list markers), and the lead bytes of `…` `‼` `⁇` U+2028 bullets (E2) and
/// CJK / full-width stops (E3, EF).
const CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b')' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// What kind of terminal cluster ends at a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A single `.`.
    Period,
    /// Contains `?` or `!`.
    Strong,
    /// `..`, `...`, `…` and the like.
    Ellipsis,
    /// `。` `！` `？`: ends a sentence even without a following space.
    Cjk,
}

/// How the text after a terminal (and whitespace) begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NextKind {
    Lower,
    /// Upper-case or caseless letter.
    Upper,
    /// A digit, or a currency sign before one.
    Digit,
    /// A dash of dialogue or parenthesis (`—`, `–`, `-` before a space, `--`).
    Dash,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Next<'t> {
    kind: NextKind,
    /// The word at the start (letters, digits, inner hyphens), after any openers.
    word: &'t str,
}

/// How the word before a period behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Regular,
    Abbrev(Class),
    /// A single capital letter (`E.` in `Jonas E. Smith`), or Cyrillic `Л.Н.`.
    Initial,
    /// English `I`: a pronoun after a lower-case word, else an initial.
    PronounI,
}

/// A list-item marker (`1.`, `2)`, `b.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Num(u8),
    Alpha(u8),
}

impl Marker {
    fn follows(self, prev: Marker) -> bool {
        match (prev, self) {
            (Marker::Num(a), Marker::Num(b)) => u16::from(a) + 1 == u16::from(b),
            (Marker::Alpha(a), Marker::Alpha(b)) => u16::from(a) + 1 == u16::from(b),
            _ => false,
        }
    }
}

#[inline]
fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '"' | '\'' | '»' | '”' | '’' | '›' | '」' | '』' | '）'
    )
}

#[inline]
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '"'
            | '\''
            | '«'
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '‹'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
    )
}

#[inline]
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '‣' | '⁃' | '▪' | '●' | '◦')
}

#[inline]
fn is_strong(c: char) -> bool {
    matches!(c, '?' | '!' | '‼' | '⁇' | '⁈' | '⁉')
}

#[inline]
fn is_cjk_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

#[inline]
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '‒' | '―')
}

/// A line of at least this many characters may be a hard-wrapped one.
const WRAP_MIN_CHARS: usize = 40;

/// Size of the stack buffer for lower-cased lookup keys.
const KEY_BUF: usize = MAX_ABBREV_BYTES * 2 + 8;

/// `w` lower-cased into `buf` (borrowed as is when already lower-case ASCII).
#[inline]
fn lower_key<'a>(w: &'a str, buf: &'a mut [u8; KEY_BUF]) -> Option<&'a str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Some(w);
    }
    let mut len = 0;
    for c in w.chars() {
        if !push_lower(buf, &mut len, c) {
            return None;
        }
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// Words a title-case headline may keep in lower case.
const TITLE_SMALL: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "over", "the", "to", "via", "vs", "with",
];

/// The scanner's state; see the module docs.
#[derive(Debug)]
pub(crate) struct Scanner<'t> {
    text: &'t str,
    b: &'t [u8],
    rules: &'t Rules,
    /// Where the search for the next candidate resumes.
    pos: usize,
    /// Start of the current segment (may point at whitespace).
    seg_start: usize,
    /// Cached first non-space, non-bullet position of the current segment.
    content: Option<usize>,
    /// Start of the current line.
    line_start: usize,
    /// Last list marker seen, with the segment start it belongs to.
    marker: Option<(Marker, usize)>,
    pending: VecDeque<Segment>,
    done: bool,
}

impl<'t> Scanner<'t> {
    /// A scanner over `text`; `eager` reserves room for all segments up front.
    pub(super) fn new(text: &'t str, rules: &'t Rules, eager: bool) -> Self {
        Scanner {
            text,
            b: text.as_bytes(),
            rules,
            pos: 0,
            seg_start: 0,
            content: None,
            line_start: 0,
            marker: None,
            pending: VecDeque::with_capacity(if eager { text.len() / 96 + 1 } else { 4 }),
            done: false,
        }
    }

    /// Runs to the end of the text.
    pub(super) fn run_to_end(&mut self) {
        while !self.done {
            self.step();
        }
    }

    /// The segments found (after [`Scanner::run_to_end`]).
    pub(super) fn into_vec(self) -> Vec<Segment> {
        Vec::from(self.pending)
    }

    /// The next segment, scanning as far as needed.
    pub(super) fn next_segment(&mut self) -> Option<Segment> {
        loop {
            if let Some(s) = self.pending.pop_front() {
                return Some(s);
            }
            if self.done {
                return None;
            }
            self.step();
        }
    }

    // ----- small helpers -------------------------------------------------

    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        match self.b.get(i) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.text.get(i..).and_then(|s| s.chars().next()),
            None => None,
        }
    }

    #[inline]
    fn char_before(&self, i: usize) -> Option<(char, usize)> {
        if i == 0 {
            return None;
        }
        match self.b.get(i - 1) {
            Some(&b) if b < 0x80 => Some((b as char, i - 1)),
            _ => self
                .text
                .get(..i)
                .and_then(|s| s.chars().next_back())
                .map(|c| (c, i - c.len_utf8())),
        }
    }

    #[inline]
    fn space_at(&self, i: usize) -> bool {
        self.char_at(i).is_some_and(is_space)
    }

    /// Skips whitespace from `i`; returns the end of the run and the number of
    /// line breaks in it (CRLF counts once, U+2029 counts as a blank line).
    /// The white space from `i` after a possible segment end: `(next text, line breaks)`,
    /// or `None` when it ended the text or a paragraph (both handled here: the scan goes on
    /// after it).
    fn gap(&mut self, i: usize) -> Option<(usize, usize)> {
        let (k, breaks) = self.scan_ws(i);
        if k >= self.b.len() {
            self.pos = self.b.len();
            return None;
        }
        if breaks >= 2 {
            self.cut(i);
            self.paragraph(k);
            self.pos = k;
            return None;
        }
        Some((k, breaks))
    }

    fn scan_ws(&self, mut i: usize) -> (usize, usize) {
        let n = self.b.len();
        let mut breaks = 0;
        while i < n {
            let b = self.b[i];
            match b {
                b' ' | b'\t' | 0x0B | 0x0C => i += 1,
                b'\n' => {
                    breaks += 1;
                    i += 1;
                }
                b'\r' => {
                    breaks += 1;
                    i += if self.b.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                _ if b < 0x80 => break,
                _ => match self.char_at(i) {
                    Some(c) if is_space(c) => {
                        if c == '\u{2028}' {
                            breaks += 1;
                        } else if c == '\u{2029}' {
                            breaks += 2;
                        }
                        i += c.len_utf8();
                    }
                    _ => break,
                },
            }
        }
        (i, breaks)
    }

    /// `[s, e)` with whitespace trimmed from both ends.
    fn trim(&self, mut s: usize, mut e: usize) -> (usize, usize) {
        while s < e {
            match self.char_at(s) {
                Some(c) if is_space(c) => s += c.len_utf8(),
                _ => break,
            }
        }
        while e > s {
            match self.char_before(e) {
                Some((c, p)) if is_space(c) => e = p,
                _ => break,
            }
        }
        (s, e)
    }

    /// Ends the current segment at `pos` (if it holds anything but whitespace).
    fn cut(&mut self, pos: usize) {
        if pos <= self.seg_start {
            return;
        }
        let (s, e) = self.trim(self.seg_start, pos);
        if s < e {
            self.pending.push_back(Segment { start: s, end: e });
        }
        self.seg_start = pos;
        self.content = None;
    }

    /// A blank line: the paragraph ends.
    fn paragraph(&mut self, next: usize) {
        self.marker = None;
        self.line_start = next;
    }

    /// First non-space, non-bullet position of the current segment, or `limit`.
    fn content_start(&mut self, limit: usize) -> usize {
        if let Some(c) = self.content {
            return c;
        }
        let mut p = self.seg_start;
        while p < limit {
            match self.char_at(p) {
                Some(c) if is_space(c) || is_bullet(c) => p += c.len_utf8(),
                Some(_) => {
                    self.content = Some(p);
                    return p;
                }
                None => break,
            }
        }
        limit
    }

    /// Start of the token ending at `end`: after the last whitespace or bullet,
    /// not before `floor`. `None` when the token is longer than the window.
    fn token_start(&self, end: usize, floor: usize) -> Option<usize> {
        let mut p = end;
        while p > floor {
            match self.char_before(p) {
                Some((c, q)) if !is_space(c) && !is_bullet(c) && q >= floor => {
                    if end - q > WINDOW {
                        return None;
                    }
                    p = q;
                }
                _ => break,
            }
        }
        Some(p)
    }

    /// How the text at `k` (a non-space position) begins.
    fn next_token(&self, k: usize) -> Next<'t> {
        let mut p = k;
        let first = self.char_at(k);
        if let Some(c) = first {
            let dash = is_dash(c)
                || (c == '-'
                    && (self.b.get(k + 1) == Some(&b'-')
                        || self.b.get(k + 1).is_none()
                        || self.space_at(k + 1)));
            if dash {
                return Next {
                    kind: NextKind::Dash,
                    word: "",
                };
            }
        }
        let mut skipped = 0;
        while let Some(c) = self.char_at(p) {
            if is_opener(c) && skipped < 8 {
                p += c.len_utf8();
                skipped += 1;
            } else {
                break;
            }
        }
        let Some(c) = self.char_at(p) else {
            return Next {
                kind: NextKind::Other,
                word: "",
            };
        };
        let kind = if is_lower(c) {
            NextKind::Lower
        } else if is_alpha(c) {
            NextKind::Upper
        } else if c.is_ascii_digit()
            || (matches!(c, '$' | '€' | '£' | '₸' | '₽' | '¥')
                && self
                    .char_at(p + c.len_utf8())
                    .is_some_and(|d| d.is_ascii_digit()))
        {
            NextKind::Digit
        } else {
            NextKind::Other
        };
        let mut e = p;
        while e - p < MAX_ABBREV_BYTES {
            match self.char_at(e) {
                Some(c) if is_alnum(c) => e += c.len_utf8(),
                Some('-') if self.char_at(e + 1).is_some_and(|d| is_alnum(d) && e > p) => e += 1,
                _ => break,
            }
        }
        Next {
            kind,
            word: self.text.get(p..e).unwrap_or(""),
        }
    }

    /// Looks up `w` (as written) in the abbreviation table.
    fn lookup(&self, w: &str) -> Option<Class> {
        if w.is_empty() || w.len() > self.rules.max_key_bytes() * 2 {
            return None;
        }
        let capitalised = w.chars().next().is_some_and(is_upper);
        let mut buf = [0u8; KEY_BUF];
        let key = lower_key(w, &mut buf)?;
        self.rules.abbrev(key, capitalised)
    }

    /// Classifies the word `w` that ends right before a period; `w_start` is its
    /// offset in the text.
    fn classify(&self, w: &str, w_start: usize) -> Word {
        // Leading openers are not part of the word; a closing quote or bracket
        // before the period means the period ends a quotation.
        let trimmed = w.trim_start_matches(is_opener);
        let w_start = w_start + (w.len() - trimmed.len());
        let w = trimmed;
        let Some(last) = w.chars().next_back() else {
            return Word::Regular;
        };
        if is_closer(last) {
            return Word::Regular;
        }
        if let Some(class) = self.lookup(w) {
            return Word::Abbrev(class);
        }
        let mut chars = w.chars();
        let single = chars.next().filter(|_| chars.next().is_none());
        if let Some(c) = single {
            if !is_alpha(c) {
                return Word::Regular;
            }
            // Spaced multi-part abbreviations: "т. б.", "до н. э.", "т. с. с.".
            if let Some(class) = self.spaced_abbrev(w_start, c) {
                return Word::Abbrev(class);
            }
            if is_upper(c) {
                if c == 'I' && self.rules.family == Family::English {
                    return Word::PronounI;
                }
                return Word::Initial;
            }
            return Word::Abbrev(Class::Never);
        }
        if w.contains('.') {
            let all_single = w.split('.').all(|p| {
                let mut cs = p.chars();
                cs.next().is_some_and(is_alpha) && cs.next().is_none()
            });
            if all_single {
                let upper = w.chars().filter(|c| *c != '.').all(is_upper);
                let ascii = w.is_ascii();
                return if upper && !ascii {
                    Word::Initial
                } else {
                    Word::Abbrev(Class::Ambiguous)
                };
            }
            // "куб.м", "Jane.Doe@example.com": judge the last part.
            if let Some((_, tail)) = w.rsplit_once('.') {
                let mut cs = tail.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    if is_alpha(c) {
                        return if is_upper(c) {
                            Word::Initial
                        } else {
                            Word::Abbrev(Class::Never)
                        };
                    }
                }
                if let Some(class) = self.lookup(tail) {
                    return Word::Abbrev(class);
                }
            }
        }
        Word::Regular
    }

    /// For a single letter `c` at `start`, preceded by "x. " (one or two
    /// times), the class of the joined abbreviation ("т.б", "т.с.с"), if listed.
    fn spaced_abbrev(&self, start: usize, c: char) -> Option<Class> {
        let mut parts: [char; 4] = [c, ' ', ' ', ' '];
        let mut count = 1;
        let mut p = start;
        while count < 4 {
            // expect ". " then a single letter preceded by a space or nothing
            let (sp, q) = self.char_before(p)?;
            if !is_space(sp) {
                break;
            }
            let Some(('.', q2)) = self.char_before(q) else {
                break;
            };
            let Some((l, q3)) = self.char_before(q2) else {
                break;
            };
            if !is_alpha(l) {
                break;
            }
            let bounded = match self.char_before(q3) {
                None => true,
                Some((x, _)) => is_space(x) || is_opener(x),
            };
            if !bounded {
                break;
            }
            parts[count] = l;
            count += 1;
            p = q3;
        }
        if count < 2 {
            return None;
        }
        // Try the longest joined form first.
        for take in (2..=count).rev() {
            let mut buf = [0u8; 32];
            let mut len = 0;
            for (idx, ch) in parts[..take].iter().rev().enumerate() {
                if idx > 0 {
                    buf[len] = b'.';
                    len += 1;
                }
                if !push_lower(&mut buf, &mut len, *ch) {
                    return None;
                }
            }
            let key = std::str::from_utf8(&buf[..len]).ok()?;
            if let Some(class) = self.rules.abbrev(key, false) {
                return Some(class);
            }
        }
        None
    }

    /// Whether the word before `w_start` (across spaces) starts lower-case.
    fn prev_word_lower(&self, w_start: usize) -> bool {
        let mut p = w_start;
        let mut steps = 0;
        while let Some((c, q)) = self.char_before(p) {
            if !is_space(c) || steps > 8 {
                break;
            }
            p = q;
            steps += 1;
        }
        let floor = self.seg_start.min(p);
        let Some(s) = self.token_start(p, floor) else {
            return false;
        };
        self.text
            .get(s..p)
            .and_then(|t| t.chars().find(|c| is_alpha(*c)))
            .is_some_and(is_lower)
    }

    /// Number of words in the current segment before `i` (large when far).
    fn words_before(&mut self, i: usize) -> usize {
        let cs = self.content_start(i);
        if i <= cs {
            return 0;
        }
        if i - cs > WINDOW {
            return usize::MAX;
        }
        self.text.get(cs..i).map_or(usize::MAX, |t| {
            t.split(is_space).filter(|w| !w.is_empty()).count()
        })
    }

    /// Whether the token around `i` is a URL or an e-mail address.
    fn in_url_or_email(&self, i: usize) -> bool {
        let lo = i.saturating_sub(WINDOW).max(self.seg_start).min(i);
        let before = &self.b[lo..i];
        let ts = memchr::memrchr3(b' ', b'\n', b'\t', before).map_or(lo, |p| lo + p + 1);
        let hi = (i + WINDOW).min(self.b.len());
        let after = &self.b[i..hi];
        let te = memchr::memchr3(b' ', b'\n', b'\t', after).map_or(hi, |p| i + p);
        let tok = &self.b[ts..te];
        memchr::memchr(b'@', tok).is_some()
            || memchr::memmem::find(tok, b"://").is_some()
            || (tok.len() > 4 && tok[..4].eq_ignore_ascii_case(b"www."))
    }

    // ----- the scan ------------------------------------------------------

    fn step(&mut self) {
        let n = self.b.len();
        let mut i = self.pos;
        while i < n && !CANDIDATE[self.b[i] as usize] {
            i += 1;
        }
        if i >= n {
            self.cut(n);
            self.pos = n;
            self.done = true;
            return;
        }
        match self.b[i] {
            b'\n' | b'\r' => self.line_break(i),
            b'.' | b'?' | b'!' => self.terminal(i),
            b')' => self.paren(i),
            _ => match self.char_at(i) {
                Some(c) if c == '…' || is_strong(c) || is_cjk_stop(c) => self.terminal(i),
                Some('\u{2028}' | '\u{2029}') => self.line_break(i),
                Some(c) if is_bullet(c) => self.bullet(i, c),
                Some(c) => self.pos = i + c.len_utf8(),
                None => self.pos = i + 1,
            },
        }
    }

    /// A terminal mark at `i`: `.` `?` `!` `…` and friends.
    fn terminal(&mut self, i: usize) {
        let n = self.b.len();
        if self.b[i] == b'.' && self.b.get(i + 1) == Some(&b' ') && self.b.get(i + 2) == Some(&b'.')
        {
            self.spaced_dots(i);
            return;
        }
        // The cluster: terminators and closing quotes/brackets, no spaces.
        let mut j = i;
        let (mut dots, mut strong, mut ellipsis, mut cjk, mut has_q) =
            (0usize, false, false, false, false);
        let mut period_paren = false; // exactly ".)"
        let mut quoted = false; // a closing quotation mark after `?` or `!`
        while let Some(c) = self.char_at(j) {
            match c {
                '.' => dots += 1,
                '…' => ellipsis = true,
                c if is_strong(c) => {
                    strong = true;
                    has_q |= c == '?' || c == '⁇' || c == '⁈' || c == '⁉';
                }
                c if is_cjk_stop(c) => cjk = true,
                c if is_closer(c) => {
                    if c == ')' && j == i + 1 && dots == 1 {
                        period_paren = true;
                    }
                    quoted |= strong && matches!(c, '»' | '”' | '"' | '“' | '›');
                }
                _ => break,
            }
            j += c.len_utf8();
        }
        let kind = if cjk {
            Kind::Cjk
        } else if strong {
            Kind::Strong
        } else if ellipsis || dots > 1 {
            Kind::Ellipsis
        } else {
            Kind::Period
        };
        let simple = j == i + 1 || (period_paren && j == i + 2);
        if !cjk {
            j = self.reference_markers(j);
        }
        if j >= n {
            self.pos = n;
            return;
        }
        if kind == Kind::Cjk {
            self.cut(j);
            self.pos = j;
            return;
        }
        if !self.space_at(j) {
            if kind == Kind::Period && j == i + 1 && self.nospace_split(i) {
                self.cut(j);
            }
            self.pos = j;
            return;
        }
        let Some((k, breaks)) = self.gap(j) else {
            return;
        };
        let newline = breaks == 1;
        if newline {
            self.line_start = k;
        }
        let next = self.next_token(k);
        let split = match kind {
            Kind::Period => {
                if simple && self.list_marker(i, next) {
                    false
                } else {
                    self.period_splits(i, next, newline)
                }
            }
            Kind::Strong => match next.kind {
                NextKind::Dash => newline,
                NextKind::Lower => {
                    self.rules.family == Family::Kazakh
                        && has_q
                        && !quoted
                        && !self.rules.is_speech(next.word)
                }
                NextKind::Upper if quoted && !newline => {
                    !(self.titled_quotation(i)
                        && !self.rules.is_starter(next.word)
                        && self.capital_after(next.word))
                }
                _ => true,
            },
            Kind::Ellipsis => {
                let bracketed = matches!(self.char_before(i), Some(('[' | '(', _)));
                match next.kind {
                    _ if bracketed => false,
                    NextKind::Upper => true,
                    NextKind::Lower => false,
                    _ => newline,
                }
            }
            Kind::Cjk => true,
        };
        if split {
            self.cut(j);
        }
        self.pos = k;
    }

    /// The end of the reference markers (`[10]`, `[11]`: one to four digits in brackets)
    /// glued to a terminal cluster ending at `j`; `j` when there are none.
    fn reference_markers(&self, mut j: usize) -> usize {
        while self.b.get(j) == Some(&b'[') {
            let mut k = j + 1;
            while k < self.b.len() && k - j <= 4 && self.b[k].is_ascii_digit() {
                k += 1;
            }
            if k == j + 1 || self.b.get(k) != Some(&b']') {
                break;
            }
            j = k + 1;
        }
        j
    }

    /// Whether the quotation closed after the `?` or `!` at `i` opened right after a
    /// `[titles]` word (`движения «…»`, `the movement "…"`): the quotation is a name.
    fn titled_quotation(&self, i: usize) -> bool {
        // The opening mark: the nearest one before `i`, at most a window back.
        let floor = i.saturating_sub(2 * WINDOW).max(self.seg_start);
        let mut p = i;
        let open = loop {
            match self.char_before(p) {
                Some((c, q)) if q >= floor => {
                    if matches!(c, '«' | '“' | '„' | '"' | '‹') {
                        break q;
                    }
                    p = q;
                }
                _ => return false,
            }
        };
        let mut e = open;
        while let Some((c, q)) = self.char_before(e) {
            if !is_space(c) || open - q > 8 {
                break;
            }
            e = q;
        }
        let Some(ws) = self.token_start(e, floor.min(e)) else {
            return false;
        };
        let w = self.text.get(ws..e).unwrap_or("");
        let mut buf = [0u8; KEY_BUF];
        w.len() <= MAX_ABBREV_BYTES
            && w.chars().all(is_alpha)
            && lower_key(w, &mut buf).is_some_and(|k| self.rules.is_title(k))
    }

    /// Whether a capitalised word follows `word` (a slice of the text) on its line: the
    /// two make a name (`Думан Мухаммедкарим`).
    fn capital_after(&self, word: &str) -> bool {
        let Some(start) = (word.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize) else {
            return false;
        };
        let mut p = start + word.len();
        if p == start {
            return false;
        }
        let mut spaces = 0;
        while self.b.get(p) == Some(&b' ') && spaces < 4 {
            p += 1;
            spaces += 1;
        }
        spaces > 0 && self.char_at(p).is_some_and(is_upper)
    }

    /// Whether a single period at `i`, followed by whitespace and `next`, ends a sentence.
    fn period_splits(&mut self, i: usize, next: Next<'_>, newline: bool) -> bool {
        match next.kind {
            NextKind::Dash => return newline,
            NextKind::Lower => return false,
            NextKind::Other => return newline,
            NextKind::Upper | NextKind::Digit => {}
        }
        let Some(ws) = self.token_start(i, self.seg_start) else {
            return true;
        };
        let w = self.text.get(ws..i).unwrap_or("");
        match self.classify(w, ws) {
            Word::Regular => !self.is_dateline(w, ws),
            Word::Initial | Word::Abbrev(Class::Never) => false,
            Word::PronounI => self.prev_word_lower(ws),
            Word::Abbrev(Class::Ambiguous) => {
                next.kind == NextKind::Upper && (newline || self.rules.is_starter(next.word))
            }
            Word::Abbrev(Class::Final) => next.kind == NextKind::Upper,
            Word::Abbrev(Class::Time) => {
                next.kind == NextKind::Upper
                    && (newline || self.rules.is_starter(next.word) || self.words_before(ws) > 3)
            }
        }
    }

    /// Whether `w` at `ws` is an all-capitals dateline opening a line and its
    /// segment ("АЛМАТЫ. Полиция …"), which belongs to the first sentence.
    fn is_dateline(&mut self, w: &str, ws: usize) -> bool {
        let mut letters = 0;
        for c in w.chars() {
            if is_upper(c) {
                letters += 1;
            } else if c != '-' {
                return false;
            }
        }
        letters >= 3 && ws >= self.line_start && self.content_start(ws) == ws
    }

    /// A period directly followed by a capital letter ("world.Today"): a
    /// sentence boundary unless abbreviation, initials, URL or e-mail.
    fn nospace_split(&mut self, i: usize) -> bool {
        let Some(next) = self.char_at(i + 1) else {
            return false;
        };
        if !is_upper(next) {
            return false;
        }
        if self
            .char_at(i + 1 + next.len_utf8())
            .is_some_and(|c| c == '.' || c == '@')
        {
            return false;
        }
        // At least two letters or digits before the period.
        let Some((p1, q1)) = self.char_before(i) else {
            return false;
        };
        if !(is_lower(p1) || p1.is_ascii_digit()) {
            return false;
        }
        if !self
            .char_before(q1)
            .is_some_and(|(c, _)| is_alnum(c) || c == ',')
        {
            return false;
        }
        if self.in_url_or_email(i) {
            return false;
        }
        let Some(ws) = self.token_start(i, self.seg_start) else {
            return true;
        };
        let w = self.text.get(ws..i).unwrap_or("");
        let next_tok = self.next_token(i + 1);
        match self.classify(w, ws) {
            Word::Regular => true,
            Word::Abbrev(Class::Ambiguous | Class::Time) => self.rules.is_starter(next_tok.word),
            Word::Abbrev(Class::Final) => true,
            _ => false,
        }
    }

    /// Spaced ellipsis starting with the period at `i` (". . ." or ". . . .").
    fn spaced_dots(&mut self, i: usize) {
        let n = self.b.len();
        let mut m = i;
        let mut count = 0;
        while m < n && self.b[m] == b'.' {
            count += 1;
            m += 1;
            if self.b.get(m) == Some(&b' ') && self.b.get(m + 1) == Some(&b'.') {
                m += 1;
            } else {
                break;
            }
        }
        // closing quotes/brackets right after
        let mut e = m;
        while let Some(c) = self.char_at(e) {
            if is_closer(c) {
                e += c.len_utf8();
            } else {
                break;
            }
        }
        let attached = self
            .char_before(i)
            .is_some_and(|(c, _)| !is_space(c) && !is_opener(c));
        if e >= n {
            self.pos = n;
            return;
        }
        if !self.space_at(e) {
            self.pos = e;
            return;
        }
        let Some((k, breaks)) = self.gap(e) else {
            return;
        };
        let newline = breaks == 1;
        if newline {
            self.line_start = k;
        }
        let next = self.next_token(k);
        let starts =
            next.kind == NextKind::Upper || (newline && !matches!(next.kind, NextKind::Lower));
        if count >= 4 && starts {
            // "word. . . . Next": the first period ends the sentence and the
            // ellipsis opens the next one; a free-standing ". . . ." ends it.
            self.cut(if attached { i + 1 } else { e });
        } else if count < 4 && newline && starts {
            self.cut(e);
        }
        self.pos = k;
    }

    /// Handles a period at `i` after a possible list marker (`1.`, `b.`, `2.)`);
    /// returns true when it was one (the period then ends nothing).
    fn list_marker(&mut self, i: usize, next: Next<'_>) -> bool {
        if next.kind != NextKind::Upper {
            return false;
        }
        self.marker_before(i)
    }

    /// If the token ending at `end` is a list marker, records it (cutting before
    /// it when it continues the paragraph's list) and returns true.
    fn marker_before(&mut self, end: usize) -> bool {
        let Some(ws) = self.token_start(end, 0) else {
            return false;
        };
        let tok = &self.b[ws..end];
        let marker = match tok {
            [d] if d.is_ascii_digit() => Marker::Num(d - b'0'),
            [d1, d2] if d1.is_ascii_digit() && d2.is_ascii_digit() => {
                Marker::Num((d1 - b'0') * 10 + (d2 - b'0'))
            }
            [l] if l.is_ascii_lowercase() => Marker::Alpha(*l),
            _ => return false,
        };
        if ws < self.seg_start {
            return false;
        }
        if self.content_start(ws) == ws {
            self.marker = Some((marker, self.seg_start));
            return true;
        }
        // "1. The first item 2. The second item": the next marker inside the
        // segment the previous one opened starts a new item.
        let continues = self
            .marker
            .is_some_and(|(prev, seg)| seg == self.seg_start && marker.follows(prev));
        if continues {
            self.cut(ws);
            self.marker = Some((marker, self.seg_start));
            return true;
        }
        false
    }

    /// `)` at `i`: maybe a list marker "2) ".
    fn paren(&mut self, i: usize) {
        self.pos = i + 1;
        if !matches!(self.b.get(i + 1), Some(b' ' | b'\t')) {
            return;
        }
        let mut k = i + 1;
        while k < self.b.len() && k - i < 8 && matches!(self.b[k], b' ' | b'\t') {
            k += 1;
        }
        if self.next_token(k).kind != NextKind::Upper {
            return;
        }
        self.marker_before(i);
    }

    /// A bullet inside a line starts a new segment.
    fn bullet(&mut self, i: usize, c: char) {
        if self.char_before(i).is_none_or(|(p, _)| is_space(p)) {
            self.cut(i);
        }
        self.pos = i + c.len_utf8();
    }

    /// A line break at `i` not preceded by a terminal mark.
    fn line_break(&mut self, i: usize) {
        let Some((k, _)) = self.gap(i) else {
            return;
        };
        if self.line_ends_segment(i, k) {
            self.cut(i);
        }
        self.line_start = k;
        self.pos = k;
    }

    /// Whether the line ending at `i` (no terminal mark) ends a segment, given
    /// that the next line starts at `k`.
    fn line_ends_segment(&mut self, i: usize, k: usize) -> bool {
        let (ls, le) = self.trim(self.line_start.min(i), i);
        if ls >= le {
            return true;
        }
        // Line ends mid-phrase: comma, hyphen, ampersand, a word that cannot end a sentence.
        if let Some((last, _)) = self.char_before(le) {
            if matches!(last, ',' | '-' | '&' | '/' | '—' | '–') {
                return false;
            }
        }
        if let Some(ws) = self.token_start(le, ls) {
            let w = self.text.get(ws..le).unwrap_or("");
            if w.len() <= MAX_ABBREV_BYTES
                && w.chars().all(is_alpha)
                && lower_key(w, &mut [0u8; KEY_BUF]).is_some_and(|k| self.rules.is_continuation(k))
            {
                return false;
            }
        }
        let next = self.char_at(k);
        let first_line = self.content_start(le) >= ls;
        if !next.is_some_and(is_lower) {
            // A capitalised line ends the segment, except inside a paragraph
            // that is already hard-wrapped (this segment spans an earlier
            // line break) when this line is full-length: "... in front of the
            // Chinese\nConsulate ...". Bullets, dashes, digits still split.
            let wrapped = !first_line
                && next.is_some_and(is_upper)
                && self
                    .text
                    .get(ls..le)
                    .is_some_and(|l| l.chars().nth(WRAP_MIN_CHARS).is_some());
            return !wrapped;
        }
        // A wrapped line continues before a lower-case word, unless the line is
        // the first of its segment and looks like a label or a headline.
        if !first_line {
            return false;
        }
        let line = self.text.get(ls..le).unwrap_or("");
        if line.len() > 4 * WINDOW {
            return false;
        }
        let words = line.split(is_space).filter(|w| !w.is_empty()).count();
        words <= 2
            || (self.rules.family != Family::Russian
                && self.rules.family != Family::Kazakh
                && is_title_line(line))
    }
}

/// Whether `line` is a Title Case headline (three or more words, every word
/// capitalised or a small function word).
fn is_title_line(line: &str) -> bool {
    let mut words = 0;
    for tok in line.split(is_space).filter(|w| !w.is_empty()) {
        let Some(first) = tok.chars().find(|c| is_alnum(*c)) else {
            continue;
        };
        words += 1;
        if is_upper(first) || first.is_numeric() {
            continue;
        }
        let bare = tok.trim_matches(|c: char| !is_alnum(c));
        if !TITLE_SMALL.contains(&bare) {
            return false;
        }
    }
    words >= 3
}
