//! A short report with its Kazakh and Russian translations, and a TM made from it, for
//! end-to-end tests of lookups and analyses (four paragraphs of one sentence each).

use tempfile::TempDir;

use super::{tmkit_in, write};

/// The English report.
pub const EN: &str = "Police detain activists\n\n\
Police in Almaty detained several activists outside the Chinese consulate on Tuesday.\n\n\
The protesters said they would return on Friday.\n\n\
The consulate did not comment on the detentions.\n";
/// Its Kazakh translation, sentence for sentence.
pub const KK: &str = "Полиция белсенділерді ұстады\n\n\
Алматы полициясы сейсенбі күні Қытай консулдығының алдында бірнеше белсендіні ұстады.\n\n\
Наразылар жұма күні қайта келетінін айтты.\n\n\
Консулдық ұстауларға пікір білдірмеді.\n";
/// Its Russian translation, sentence for sentence.
pub const RU: &str = "Полиция задержала активистов\n\n\
Полиция Алматы во вторник задержала нескольких активистов у китайского консульства.\n\n\
Протестующие сказали, что вернутся в пятницу.\n\n\
Консульство не прокомментировало задержания.\n";

/// A temporary directory holding `r.en.txt`, its translations in `targets` (`"kk"`, `"ru"`)
/// as `r.LANG.txt`, and `tm.db` with the report imported.
pub fn tm_of_report(targets: &[&str]) -> TempDir {
    let d = TempDir::new().expect("a temporary directory");
    write(d.path(), "r.en.txt", EN);
    let mut cmd = tmkit_in(d.path());
    cmd.args(["--db", "tm.db", "import", "r.en.txt"]);
    for lang in targets {
        let text = match *lang {
            "kk" => KK,
            "ru" => RU,
            other => panic!("no {other} translation of the test report"),
        };
        let name = format!("r.{lang}.txt");
        write(d.path(), &name, text);
        cmd.arg("--target").arg(format!("{lang}={name}"));
    }
    cmd.assert().success();
    d
}
