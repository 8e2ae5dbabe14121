//! When a command may show Secret values. Listing Secrets (names, types, key counts) is
//! allowed; anything that can print their data is not.
//!
//! A Secret is recognised by how kubectl resolves resource arguments: case-insensitively, by
//! plural, singular or kind, optionally qualified with a version and group (`secrets`, `Secret`,
//! `SECRETS`, `secrets.v1`, `secret.v1.`), alone, in a comma list (`cm,secret`) or in the
//! `TYPE/NAME` form (`secret/db`). The core Secret has no short names and is in no category
//! (`all` does not include it), so no other spelling reaches it.

/// Whether one resource type argument names Secrets.
pub fn names_secret(resource: &str) -> bool {
    let base = resource.trim().split('.').next().unwrap_or_default();
    base.eq_ignore_ascii_case("secret") || base.eq_ignore_ascii_case("secrets")
}

/// Whether positional arguments of `get`/`describe`/`wait` may select Secrets. Conservative:
/// every comma-separated part of every argument not in `TYPE/NAME` form counts as a type, so
/// `get pod secret -o yaml` (a pod named "secret") is refused too; `get pod/secret` is not.
pub fn targets_secrets(positionals: &[&str]) -> bool {
    positionals.iter().any(|arg| match arg.split_once('/') {
        Some((types, _name)) => types.split(',').any(names_secret),
        None => arg.split(',').any(names_secret),
    })
}

/// Whether an `-o` value prints only names and types when the objects are Secrets: the table
/// (`-o ''`), `-o wide` and `-o name`. Every other format (yaml, json, kyaml, jsonpath,
/// go-template, custom-columns, their `-file` forms, and anything kubectl adds later) can show
/// values.
pub fn is_listing_output(format: &str) -> bool {
    matches!(format.to_ascii_lowercase().as_str(), "" | "wide" | "name")
}

/// Whether an `-o` value makes kubectl read a local file (`jsonpath-file=PATH`,
/// `go-template-file=PATH`, `custom-columns-file=PATH`, `templatefile`): its content can come
/// back in error messages.
pub fn reads_local_file(format: &str) -> bool {
    let name = format.split('=').next().unwrap_or_default().to_ascii_lowercase();
    name.ends_with("-file") || name == "templatefile"
}

/// Whether a `wait --for` condition tests field values (`jsonpath=...`), which on a Secret is
/// an oracle for its data.
pub fn tests_field_values(condition: &str) -> bool {
    condition.trim_start().to_ascii_lowercase().starts_with("jsonpath")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_secret_is_recognised() {
        for name in [
            "secret",
            "secrets",
            "Secret",
            "SECRETS",
            "sEcReT",
            "secrets.v1",
            "secret.v1.",
            "Secret.v1.",
            "secrets..v1",
            " secret",
        ] {
            assert!(names_secret(name), "{name}");
        }
        for name in ["secretstores", "sealedsecrets", "configmaps", "pods", "all", "", "secre"] {
            assert!(!names_secret(name), "{name}");
        }
    }

    #[test]
    fn secrets_are_found_in_lists_and_type_name_forms() {
        assert!(targets_secrets(&["secret"]));
        assert!(targets_secrets(&["cm,secret"]));
        assert!(targets_secrets(&["pods,Secrets.v1"]));
        assert!(targets_secrets(&["secret/db-creds"]));
        assert!(targets_secrets(&["pod/web", "secrets/db"]));
        assert!(targets_secrets(&["configmap,secret/db"]));
        assert!(targets_secrets(&["pod", "secret"]));
        assert!(!targets_secrets(&["pods", "web"]));
        assert!(!targets_secrets(&["pod/secret"]));
        assert!(!targets_secrets(&["all"]));
        assert!(!targets_secrets(&[]));
    }

    #[test]
    fn only_table_wide_and_name_are_listings() {
        for format in ["", "wide", "name", "WIDE", "Name"] {
            assert!(is_listing_output(format), "{format}");
        }
        for format in [
            "yaml",
            "json",
            "kyaml",
            "jsonpath={.data}",
            "go-template={{.data}}",
            "custom-columns=D:.data",
            "=",
            "names",
        ] {
            assert!(!is_listing_output(format), "{format}");
        }
    }

    #[test]
    fn file_reading_output_formats() {
        for format in [
            "jsonpath-file=/etc/passwd",
            "go-template-file=x",
            "custom-columns-file=y",
            "templatefile",
            "TemplateFile",
        ] {
            assert!(reads_local_file(format), "{format}");
        }
        for format in ["yaml", "jsonpath={.x}", "go-template={{.x}}", "custom-columns=A:.a"] {
            assert!(!reads_local_file(format), "{format}");
        }
    }

    #[test]
    fn jsonpath_conditions_test_values() {
        assert!(tests_field_values("jsonpath={.data.password}=hunter2"));
        assert!(tests_field_values("JSONPath={.data}"));
        assert!(!tests_field_values("delete"));
        assert!(!tests_field_values("condition=Ready"));
    }
}
