//! The name written as `created_by` and `changed_by` when no user is given.

/// The OS user name, for `created_by` when `--user` is not given: `$USER`, `$USERNAME` or
/// `$LOGNAME`, else (on Unix) the account that owns this process in `/etc/passwd`.
pub fn default_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(passwd_user)
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(unix)]
fn passwd_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    name_of_uid(&passwd, &uid)
}

/// The name of the account with this uid in a `passwd` file (`name:password:uid:…` lines).
#[cfg(any(unix, test))]
fn name_of_uid(passwd: &str, uid: &str) -> Option<String> {
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn passwd_user() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passwd_line_with_the_uid_in_its_third_field_names_the_user() {
        let passwd = "root:x:0:0:root:/root:/bin/sh\n\
                      # comment\n\
                      short:x\n\
                      ayan:x:1000:1000:Ayan:/home/ayan:/bin/bash\n\
                      gid1000:x:1001:1000::/home/g:/bin/sh\n";
        assert_eq!(name_of_uid(passwd, "1000").as_deref(), Some("ayan"));
        assert_eq!(name_of_uid(passwd, "0").as_deref(), Some("root"));
        assert_eq!(name_of_uid(passwd, "1001").as_deref(), Some("gid1000"));
        assert_eq!(
            name_of_uid(passwd, "x"),
            None,
            "the password field is not the uid"
        );
        assert_eq!(name_of_uid(passwd, "42"), None);
    }

    #[test]
    fn the_default_user_is_never_empty() {
        assert!(!default_user().is_empty());
    }
}
