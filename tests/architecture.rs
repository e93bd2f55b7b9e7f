//! The house rules of `src/`, read from the source:
//!
//! - the top-level modules import one another one way only: a module's `crate::X` paths
//!   (grouped `use crate::{a, b}` included) are its imports, and the graph they make has no
//!   cycle;
//! - the command line (`src/cli/`) runs no SQL, begins and commits nothing and never syncs
//!   an index: storage rules live in the library;
//! - `src/lib.rs` denies missing docs and unsafe code, and `unsafe` appears only in
//!   `src/store/raw.rs`.
//!
//! Comments, doc comments and string literals are not code: a small lexer below drops them
//! (keeping the literals for the SQL check), and its own tests pin what it understands.
//! `super::` paths are not followed: in this crate they stay inside a top-level module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Lexer: identifiers, punctuation and string literals, with their lines.

#[derive(Debug)]
enum Tok {
    Ident(String),
    Punct(char),
    Str(String),
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Splits Rust source into tokens, dropping comments (`//`, `///`, `//!`, nested `/* */`),
/// whitespace, numbers, and char literals and lifetimes (which a `'"'` must not confuse).
fn lex(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if let Some((text, end, lines)) = string_literal(&c, i) {
            out.push(Token {
                tok: Tok::Str(text),
                line,
            });
            line += lines;
            i = end;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{41}', '"') or a lifetime / label ('a).
            if at(i + 1) == '\\' {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if ch.is_ascii_digit() {
            while i < c.len()
                && (is_ident_char(c[i]) || (c[i] == '.' && at(i + 1).is_ascii_digit()))
            {
                i += 1;
            }
        } else if is_ident_start(ch) {
            let start = i;
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
            let mut word: String = c[start..i].iter().collect();
            if word == "r" && at(i) == '#' && is_ident_start(at(i + 1)) {
                // A raw identifier: r#type.
                let s = i + 1;
                i = s;
                while i < c.len() && is_ident_char(c[i]) {
                    i += 1;
                }
                word = c[s..i].iter().collect();
            }
            out.push(Token {
                tok: Tok::Ident(word),
                line,
            });
        } else {
            out.push(Token {
                tok: Tok::Punct(ch),
                line,
            });
            i += 1;
        }
    }
    out
}

/// A string literal starting at `i` ("…", r"…", r#"…"#, b"…", br"…", c"…"): its text,
/// the index after it and the number of line breaks inside it.
fn string_literal(c: &[char], i: usize) -> Option<(String, usize, usize)> {
    let at = |k: usize| c.get(k).copied().unwrap_or('\0');
    // Only a literal prefix counts, not the end of an identifier such as `attr"`.
    if i > 0 && is_ident_char(c[i - 1]) {
        return None;
    }
    let mut k = i;
    if matches!(at(k), 'b' | 'c') {
        k += 1;
    }
    let raw = at(k) == 'r';
    if raw {
        k += 1;
    }
    let mut hashes = 0;
    while raw && at(k) == '#' {
        hashes += 1;
        k += 1;
    }
    if at(k) != '"' {
        return None;
    }
    k += 1;
    let start = k;
    let mut lines = 0;
    loop {
        let ch = *c.get(k)?;
        if ch == '\n' {
            lines += 1;
        }
        if !raw && ch == '\\' {
            // An escape; `\` at the end of a line continues the string on the next.
            if at(k + 1) == '\n' {
                lines += 1;
            }
            k += 2;
            continue;
        }
        if ch == '"' && (0..hashes).all(|h| at(k + 1 + h) == '#') {
            let text = c[start..k].iter().collect();
            return Some((text, k + 1 + hashes, lines));
        }
        k += 1;
    }
}

fn ident(t: &Token) -> Option<&str> {
    match &t.tok {
        Tok::Ident(s) => Some(s),
        _ => None,
    }
}

fn is_punct(t: Option<&Token>, p: char) -> bool {
    matches!(t, Some(Token { tok: Tok::Punct(q), .. }) if *q == p)
}

/// True when tokens `i` and `i + 1` are `::`.
fn path_sep(toks: &[Token], i: usize) -> bool {
    is_punct(toks.get(i), ':') && is_punct(toks.get(i + 1), ':')
}

// ---------------------------------------------------------------------------------------
// What the rules look for.

/// The first segment of every `crate::…` path, with its line: `crate::store::Store` gives
/// `store`; `use crate::{a::{b, c}, d}` gives `a` and `d`.
fn crate_refs(toks: &[Token]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if ident(t) != Some("crate") || !path_sep(toks, i + 1) {
            continue;
        }
        let mut k = i + 3;
        match toks.get(k) {
            Some(Token {
                tok: Tok::Ident(name),
                line,
            }) => out.push((name.clone(), *line)),
            Some(Token {
                tok: Tok::Punct('{'),
                ..
            }) => {
                // Inside the braces, the first identifier of each item at depth 1.
                let mut depth = 0;
                let mut item_start = true;
                while let Some(t) = toks.get(k) {
                    match &t.tok {
                        Tok::Punct('{') => {
                            depth += 1;
                            item_start = depth == 1;
                        }
                        Tok::Punct('}') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Tok::Punct(',') if depth == 1 => item_start = true,
                        Tok::Ident(name) if depth == 1 && item_start => {
                            out.push((name.clone(), t.line));
                            item_start = false;
                        }
                        _ => {}
                    }
                    k += 1;
                }
            }
            _ => {}
        }
    }
    out.retain(|(name, _)| name != "self" && name != "super");
    out
}

/// Every name a `use` declaration brings in, with the path it comes from:
/// `pub use store::{Store, model::Unit as U};` gives `Store ← store::Store` and
/// `U ← store::model::Unit`. Globs are skipped.
fn use_leaves(toks: &[Token]) -> Vec<(String, Vec<String>)> {
    fn tree(
        toks: &[Token],
        k: &mut usize,
        prefix: Vec<String>,
        out: &mut Vec<(String, Vec<String>)>,
    ) {
        let mut path = prefix;
        loop {
            match toks.get(*k).map(|t| &t.tok) {
                Some(Tok::Ident(name)) => {
                    path.push(name.clone());
                    *k += 1;
                    if path_sep(toks, *k) {
                        *k += 2;
                        continue;
                    }
                    let mut alias = name.clone();
                    if toks.get(*k).and_then(ident) == Some("as") {
                        if let Some(a) = toks.get(*k + 1).and_then(ident) {
                            alias = a.to_string();
                        }
                        *k += 2;
                    }
                    out.push((alias, path));
                    return;
                }
                Some(Tok::Punct('{')) => {
                    *k += 1;
                    while *k < toks.len() && !is_punct(toks.get(*k), '}') {
                        tree(toks, k, path.clone(), out);
                        if is_punct(toks.get(*k), ',') {
                            *k += 1;
                        }
                    }
                    *k += 1;
                    return;
                }
                _ => {
                    // A glob or something this reader does not follow.
                    *k += 1;
                    return;
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if ident(t) == Some("use") {
            let mut k = i + 1;
            tree(toks, &mut k, Vec::new(), &mut out);
        }
    }
    for (_, path) in &mut out {
        if matches!(path.first().map(String::as_str), Some("crate" | "self")) {
            path.remove(0);
        }
    }
    out
}

/// Methods of rusqlite's `Connection`/`Statement` that run or prepare SQL.
const SQL_METHODS: &[&str] = &[
    "execute",
    "execute_batch",
    "prepare",
    "prepare_cached",
    "query_row",
    "query_map",
    "query_and_then",
    "pragma_update",
    "pragma_query",
    "pragma_query_value",
];

/// Words that make a string literal SQL (upper case, as the crate writes its SQL).
const SQL_WORDS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "PRAGMA",
    "CREATE",
    "DROP",
    "ALTER",
    "VACUUM",
    "ATTACH",
];

/// What in `toks` is SQL or an index sync: `(line, what)`.
fn storage_work(toks: &[Token]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match &t.tok {
            Tok::Ident(name) => {
                let called = is_punct(toks.get(i + 1), '(')
                    || (path_sep(toks, i + 1) && is_punct(toks.get(i + 3), '<'));
                let after_dot = i > 0 && is_punct(toks.get(i - 1), '.');
                let after_path = i > 1 && path_sep(toks, i - 2);
                if called && (after_dot || after_path) && SQL_METHODS.contains(&name.as_str()) {
                    out.push((t.line, format!("SQL call `{name}`")));
                }
                let sync = name.split('_').any(|w| w == "sync") && name != "sync_channel";
                if called && sync {
                    out.push((t.line, format!("index sync `{name}`")));
                }
            }
            Tok::Str(text) => {
                let words: BTreeSet<&str> = text
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .filter(|w| SQL_WORDS.contains(w))
                    .collect();
                if !words.is_empty() {
                    let words: Vec<&str> = words.into_iter().collect();
                    out.push((t.line, format!("SQL in a string ({})", words.join(", "))));
                }
            }
            Tok::Punct(_) => {}
        }
    }
    out
}

/// The lints named in inner `#![deny(…)]` and `#![forbid(…)]` attributes.
fn denied_lints(toks: &[Token]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for i in 0..toks.len() {
        let level = toks.get(i + 3).and_then(ident);
        if is_punct(toks.get(i), '#')
            && is_punct(toks.get(i + 1), '!')
            && is_punct(toks.get(i + 2), '[')
            && matches!(level, Some("deny" | "forbid"))
            && is_punct(toks.get(i + 4), '(')
        {
            let mut k = i + 5;
            while let Some(t) = toks.get(k) {
                match &t.tok {
                    Tok::Punct(')') => break,
                    Tok::Ident(lint) => {
                        out.insert(lint.clone());
                    }
                    _ => {}
                }
                k += 1;
            }
        }
    }
    out
}

/// Lines where the `unsafe` keyword appears.
fn unsafe_lines(toks: &[Token]) -> Vec<usize> {
    toks.iter()
        .filter(|t| ident(t) == Some("unsafe"))
        .map(|t| t.line)
        .collect()
}

// ---------------------------------------------------------------------------------------
// The module graph.

/// Edges between top-level modules, each with where it was seen (`file:line`).
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Every cycle's strongly connected set of modules, as one concrete loop through them
/// (`[a, b, c, a]`). Empty when the graph is one-way.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = graph
        .keys()
        .chain(graph.values().flat_map(|e| e.keys()))
        .collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for m in graph.get(&n).into_iter().flat_map(|e| e.keys()) {
                if seen.insert(m.clone()) {
                    todo.push(m.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for &n in &nodes {
        if done.contains(n) || !reachable[n].contains(n) {
            continue;
        }
        // The modules on a cycle with n: those n reaches that reach n back.
        let scc: BTreeSet<String> = reachable[n]
            .iter()
            .filter(|m| reachable[m].contains(n))
            .cloned()
            .collect();
        done.extend(scc.iter().cloned());
        // One loop from n back to n inside the set (breadth first: the shortest).
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([n.clone()]);
        'search: while let Some(a) = queue.pop_front() {
            for b in graph.get(&a).into_iter().flat_map(|e| e.keys()) {
                if !scc.contains(b) {
                    continue;
                }
                if b == n {
                    let mut path = vec![n.clone(), a.clone()];
                    let mut cur = a.clone();
                    while let Some(p) = prev.get(&cur) {
                        path.push(p.clone());
                        cur = p.clone();
                    }
                    path.reverse();
                    out.push(path);
                    break 'search;
                }
                if !prev.contains_key(b) && b != n {
                    prev.insert(b.clone(), a.clone());
                    queue.push_back(b.clone());
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Reading src/.

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, as paths relative to `src/` with `/` separators.
fn rust_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(src()).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((rel, text));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no Rust files under {}", dir.display());
    out
}

/// The top-level module a file belongs to (`fuzzy/lookup.rs` → `fuzzy`), or `None` for the
/// crate roots.
fn top_module(rel: &str) -> Option<String> {
    if rel == "lib.rs" || rel == "main.rs" {
        return None;
    }
    let first = rel.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The graph between the library's top-level modules, and the `crate::X` paths that name
/// nothing it can place (neither a module nor a name `lib.rs` re-exports from one).
fn module_graph() -> (Graph, Vec<String>) {
    let files = rust_files(&src());
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|(rel, _)| top_module(rel))
        .collect();
    // Names lib.rs re-exports at the crate root, and the module they come from.
    let lib = files
        .iter()
        .find(|(rel, _)| rel == "lib.rs")
        .map(|(_, t)| lex(t))
        .unwrap_or_default();
    let reexports: BTreeMap<String, String> = use_leaves(&lib)
        .into_iter()
        .filter_map(|(name, path)| {
            let first = path.first()?;
            modules.contains(first).then(|| (name, first.clone()))
        })
        .collect();
    let mut graph = Graph::new();
    let mut unplaced = Vec::new();
    for (rel, text) in &files {
        // The binary's modules (main.rs, cli/) reach the library as `tmkit::`, not `crate::`.
        let Some(from) = top_module(rel).filter(|m| m != "cli") else {
            continue;
        };
        for (name, line) in crate_refs(&lex(text)) {
            let to = if modules.contains(&name) {
                name
            } else if let Some(m) = reexports.get(&name) {
                m.clone()
            } else {
                unplaced.push(format!("src/{rel}:{line}: crate::{name}"));
                continue;
            };
            if to != from {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .push(format!("src/{rel}:{line}"));
            }
        }
    }
    (graph, unplaced)
}

// ---------------------------------------------------------------------------------------
// The rules.

#[test]
fn top_level_modules_import_one_way() {
    let (graph, unplaced) = module_graph();
    let mut problems = Vec::new();
    for cycle in cycles(&graph) {
        let evidence: Vec<String> = cycle
            .windows(2)
            .map(|w| {
                let seen = &graph[&w[0]][&w[1]];
                format!("  {} -> {} at {}", w[0], w[1], seen.join(", "))
            })
            .collect();
        problems.push(format!(
            "import cycle {}:\n{}",
            cycle.join(" -> "),
            evidence.join("\n")
        ));
    }
    if !unplaced.is_empty() {
        problems.push(format!(
            "crate:: paths that name no top-level module (reach items through their module):\n  {}",
            unplaced.join("\n  ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_cli_runs_no_sql_and_no_index_sync() {
    let mut found = Vec::new();
    for (rel, text) in rust_files(&src().join("cli")) {
        for (line, what) in storage_work(&lex(&text)) {
            found.push(format!("src/{rel}:{line}: {what}"));
        }
    }
    assert!(
        found.is_empty(),
        "storage work in the command line (it belongs in store/ or index/):\n{}",
        found.join("\n")
    );
}

#[test]
fn lib_denies_missing_docs_and_unsafe_code() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let denied = denied_lints(&lex(&lib));
    let missing: Vec<&str> = ["missing_docs", "unsafe_code"]
        .into_iter()
        .filter(|l| !denied.contains(*l))
        .collect();
    assert!(
        missing.is_empty(),
        "src/lib.rs must keep #![deny({})]; it denies {denied:?}",
        missing.join(", ")
    );
}

#[test]
fn unsafe_appears_only_in_store_raw() {
    let mut found = Vec::new();
    for (rel, text) in rust_files(&src()) {
        if rel == "store/raw.rs" {
            continue;
        }
        for line in unsafe_lines(&lex(&text)) {
            found.push(format!("src/{rel}:{line}"));
        }
    }
    assert!(
        found.is_empty(),
        "`unsafe` outside src/store/raw.rs:\n{}",
        found.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// The reader's own tests.

fn refs(src: &str) -> Vec<String> {
    crate_refs(&lex(src)).into_iter().map(|(n, _)| n).collect()
}

fn graph(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string())
            .or_default()
            .entry(b.to_string())
            .or_default()
            .push("test".into());
    }
    g
}

#[test]
fn crate_paths_and_grouped_uses_name_their_first_module() {
    assert_eq!(
        refs("use crate::store::{Store, Tx};\nfn f() -> crate::lang::Tag { crate::text::nfc(x) }"),
        ["store", "lang", "text"]
    );
    assert_eq!(
        refs("use crate::{\n    index::{Feed, sync::sync_index},\n    self,\n    store,\n};"),
        ["index", "store"]
    );
    assert_eq!(
        refs("macro_rules! m { () => { $crate::lang::x() } }"),
        ["lang"]
    );
    assert!(refs("pub(crate) fn f() {}\nextern crate core;").is_empty());
}

#[test]
fn comments_doc_comments_and_strings_are_not_imports() {
    let src = "// use crate::fuzzy;\n/// See [`crate::import`].\n//! crate::check\n\
               /* crate::a /* nested crate::b */ crate::c */\n\
               let s = \"crate::export\"; let r = r#\"crate::glossary \"quoted\"\"#;\n\
               let q = '\"'; let e = '\\''; fn f<'a>(x: &'a str) {}\n\
               use crate::segment;";
    assert_eq!(refs(src), ["segment"]);
    // Lines are still counted through comments and strings, continued ones too.
    assert_eq!(crate_refs(&lex(src))[0].1, 7);
    let continued = "let s = \"one \\\n    two\";\nlet r = r\"a\nb\";\nuse crate::text;";
    assert_eq!(crate_refs(&lex(continued)), [("text".to_string(), 5)]);
}

#[test]
fn a_cycle_is_found_and_named() {
    let g = graph(&[
        ("fuzzy", "import"),
        ("import", "index"),
        ("index", "fuzzy"),
        ("check", "fuzzy"),
    ]);
    assert_eq!(cycles(&g), [["fuzzy", "import", "index", "fuzzy"]]);
    let two = graph(&[
        ("glossary", "formats"),
        ("formats", "glossary"),
        ("formats", "lang"),
    ]);
    assert_eq!(cycles(&two), [["formats", "glossary", "formats"]]);
}

#[test]
fn a_one_way_graph_has_no_cycle() {
    let g = graph(&[
        ("check", "glossary"),
        ("glossary", "formats"),
        ("check", "formats"),
        ("formats", "lang"),
    ]);
    assert!(cycles(&g).is_empty());
}

#[test]
fn lib_re_exports_are_traced_to_their_module() {
    let leaves = use_leaves(&lex("pub use store::{Store, model::{Unit as StoredUnit}};\npub use crate::fuzzy::Matcher;\nuse std::path::*;"));
    assert_eq!(
        leaves,
        [
            (
                "Store".to_string(),
                vec!["store".to_string(), "Store".to_string()]
            ),
            (
                "StoredUnit".to_string(),
                vec!["store".to_string(), "model".to_string(), "Unit".to_string()]
            ),
            (
                "Matcher".to_string(),
                vec!["fuzzy".to_string(), "Matcher".to_string()]
            ),
        ]
    );
}

#[test]
fn sql_calls_sql_strings_and_index_syncs_are_storage_work() {
    let found = |src: &str| -> Vec<String> {
        storage_work(&lex(src))
            .into_iter()
            .map(|(_, w)| w)
            .collect()
    };
    assert_eq!(
        found("store.conn().execute_batch(\"BEGIN\")?;"),
        ["SQL call `execute_batch`", "SQL in a string (BEGIN)"]
    );
    assert_eq!(
        found("conn.pragma_update(None, \"mmap_size\", 1)?;"),
        ["SQL call `pragma_update`"]
    );
    assert_eq!(
        found("let n: i64 = c.query_row::<i64, _, _>(q, [], |r| r.get(0))?;"),
        ["SQL call `query_row`"]
    );
    assert_eq!(
        found("const Q: &str = r#\"SELECT id FROM units\"#;"),
        ["SQL in a string (SELECT)"]
    );
    assert_eq!(
        found("tmkit::index::sync_index(tx.conn())?; if fts_needs_sync(c)? {}"),
        ["index sync `sync_index`", "index sync `fts_needs_sync`"]
    );
    assert!(found("// conn.execute(\"DELETE FROM units\")\n/// Begin the import, then commit.\nuse std::sync::Arc;\n\
                   let help = \"Delete a unit; select a target\"; fn prepare_output() {} let (tx, rx) = std::sync::mpsc::sync_channel(1);")
        .is_empty());
}

#[test]
fn deny_attributes_are_read_from_code_only() {
    let lints = denied_lints(&lex(
        "//! Docs.\n#![deny(missing_docs, unsafe_code)]\n#![warn(clippy::all)]",
    ));
    assert_eq!(
        lints,
        BTreeSet::from(["missing_docs".to_string(), "unsafe_code".to_string()])
    );
    assert!(denied_lints(&lex(
        "// #![deny(missing_docs)]\n#[deny(unsafe_code)] fn f() {}"
    ))
    .is_empty());
}

#[test]
fn unsafe_in_comments_and_strings_is_not_unsafe_code() {
    assert!(unsafe_lines(&lex(
        "// unsafe { }\n/// No unsafe here.\nlet s = \"unsafe\";\n#![deny(unsafe_code)]"
    ))
    .is_empty());
    assert_eq!(unsafe_lines(&lex("fn f() {\n    unsafe { g() }\n}")), [2]);
}
