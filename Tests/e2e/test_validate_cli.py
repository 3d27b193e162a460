# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""End to end: the `validate` command on SecretProviderClass manifests and bare objects lists, offline."""

import subprocess

MANIFEST = """\
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: app-secrets
spec:
  provider: aws
  parameters:
    region: us-east-1
    objects: |
      - objectName: prod/db
        objectType: secretsmanager
        jmesPath:
          - Path: '"api-key"'
            ObjectAlias: api-key
            filePermission: "0600"
      - objectName: /app/flag
        objectType: ssmparameter
        filePermission: 0640
"""

INVALID_OBJECTS = """\
- objectName: one
  objectType: ssm
- objectName: two
  objectType: secretsmanager
  jmesPath:
    - path: api-key
      objectAlias: key
- objectType: secretsmanager
"""


def validate(provider_bin, tmp_path, text, *arguments):
    path = tmp_path / "input.yaml"
    path.write_text(text)
    return subprocess.run([provider_bin, "validate", str(path), *arguments], capture_output=True, text=True,
                          timeout=30)


def test_a_valid_manifest_lists_every_planned_file(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, MANIFEST)
    assert result.returncode == 0, result.stderr
    assert "app-secrets" in result.stdout
    lines = result.stdout.splitlines()
    assert any("prod_db" in line and "0644" in line for line in lines)
    assert any("api-key" in line and "0600" in line for line in lines)
    assert any("_app_flag" in line and "0640" in line for line in lines)


def test_every_problem_is_reported_with_its_object_and_field(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, INVALID_OBJECTS, "--region", "us-east-1")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Invalid objectType: ssm" in output
    assert "jmesPath[0].path" in output and 'quote identifiers that contain \'-\' as "api-key"' in output
    assert "Object name must be specified" in output


def test_an_unreadable_file_exits_2(provider_bin, tmp_path):
    result = subprocess.run([provider_bin, "validate", str(tmp_path / "missing.yaml")], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2


WARNED = """\
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: labelled
spec:
  provider: aws
  parameters:
    region: us-east-1
    assumeRoleArn: arn:aws:iam::123456789012:role/reader
    assumeRoleExternalId: tenant-42-e2e
    objects: |
      - objectName: /app/flag
        objectType: ssmparameter
        objectVersion: prod
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: nothing-yet
spec:
  provider: aws
  parameters:
    region: us-east-1
    objects: "[]"
"""


def test_warnings_and_the_assumed_role_are_printed_but_never_the_external_id(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, WARNED)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("  warning: objects[0]") and "objectVersionLabel is the field meant for labels" in line
               for line in lines)
    assert any("nothing-yet: valid, 0 file(s)" in line for line in lines)
    assert any(line.startswith("  warning: field objects: objects lists no object to mount") for line in lines)
    assert "IRSA → assume arn:aws:iam::123456789012:role/reader (external ID set, 3600 s)" in result.stdout
    assert "tenant-42-e2e" not in result.stdout + result.stderr


def test_an_invalid_external_id_is_described_but_not_shown(provider_bin, tmp_path):
    manifest = WARNED.split("---")[0].replace("tenant-42-e2e", "tenant 42 e2e")
    result = validate(provider_bin, tmp_path, manifest)
    assert result.returncode == 1
    assert "field assumeRoleExternalId: Invalid assumeRoleExternalId (13 characters, value not shown)" in result.stdout
    assert "tenant 42 e2e" not in result.stdout + result.stderr


VALUES = """\
- objectName: prod/keystore
  objectType: secretsmanager
  objectAlias: keystore.p12
  objectEncoding: base64
- objectName: prod/db
  objectType: secretsmanager
  objectAlias: db.json
  mountAllKeys: true
  jmesPath:
    - path: '"tls.key"'
      objectAlias: tls.key
      objectEncoding: hex
"""


def test_encodings_and_key_files_are_shown(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, VALUES, "--region", "us-east-1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("keystore.p12" in line and "secretsmanager prod/keystore, objectEncoding base64" in line
               for line in lines), result.stdout
    assert any("tls.key" in line and line.endswith("objectEncoding hex") for line in lines), result.stdout
    assert any("key files of db.json: one per top-level key of its JSON value" in line for line in lines), result.stdout


WILDCARDS = """\
- objectName: /app/prod/*
  objectType: ssmparameter
- objectName: /app/certs/**
  objectType: ssmparameter
  filePermission: "0600"
- objectName: prod/app/*
  objectType: secretsmanager
  mountAllKeys: true
- objectName: /app/flag
  objectType: ssmparameter
"""


def test_wildcards_are_shown_as_files_matching_their_pattern(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, WILDCARDS, "--region", "us-east-1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "1 file(s) and the files matching 3 wildcards" in lines[0], result.stdout
    assert any(line.startswith("  0644  files matching /app/prod/*  ssmparameter /app/prod/* (one level under "
                               "/app/prod/, each file named by its name with pathTranslation \"_\")")
               for line in lines), result.stdout
    assert any("0600  files matching /app/certs/**" in line and "every level under /app/certs/" in line
               for line in lines), result.stdout
    assert any("files matching prod/app/*" in line and "every secret whose name starts with prod/app/" in line
               and line.endswith("and the key files of each)") for line in lines), result.stdout


def test_a_bad_wildcard_names_the_field(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, "- {objectName: '/app/*/db', objectType: ssmparameter}\n"
                      "- {objectName: 'prod/*', objectType: secretsmanager, objectAlias: x}\n")
    assert result.returncode == 1
    assert 'objects[0] "/app/*/db", field objectName: "*" is allowed only at the end' in result.stdout, result.stdout
    assert 'objects[1] "prod/*", field objectAlias: each object prod/* matches' in result.stdout, result.stdout


CERTIFICATE = """\
- objectName: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab
  objectAlias: bundle.pem
  jmesPath:
    - {path: certificate, objectAlias: tls.crt}
    - {path: privateKey, objectAlias: tls.key, filePermission: "0600"}
"""


def test_a_certificate_shows_its_files(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, CERTIFICATE, "--region", "us-east-1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "3 file(s)" in lines[0], result.stdout
    assert any("bundle.pem" in line and "acmcertificate arn:aws:acm:us-east-1" in line
               and "the private key, certificate and chain (PEM)" in line for line in lines), result.stdout
    assert any(line.startswith("  0600  tls.key") and 'jmesPath "privateKey" of bundle.pem' in line
               for line in lines), result.stdout


def test_an_object_that_is_not_written_is_shown_so(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, "- {objectName: db, objectType: secretsmanager, writeObjectFile: false, "
                      "jmesPath: [{path: username, objectAlias: user}]}\n", "--region", "us-east-1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "1 file(s)" in lines[0], result.stdout
    assert any(line.startswith("  ----  db") and "not written (writeObjectFile: false)" in line for line in lines)
    assert any(line.startswith("  0644  user") for line in lines), result.stdout


TEMPLATES = """\
- {objectName: prod/db, objectType: secretsmanager, objectAlias: db, writeObjectFile: false}
- {objectName: /app/token, objectType: ssmparameter, objectAlias: apitoken}
- {objectType: template, objectAlias: app.env, format: dotenv, source: db, filePermission: "0600"}
- objectType: template
  objectAlias: db-url
  template: "postgresql://{{url(db.username)}}:{{url(db.password)}}@{{db.host}}/x?token={{apitoken}}"
"""


def test_templates_show_the_files_they_read(provider_bin, tmp_path):
    result = validate(provider_bin, tmp_path, TEMPLATES, "--region", "us-east-1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "3 file(s)" in lines[0], result.stdout
    assert any(line.startswith("  ----  db ") and "not written" in line for line in lines), result.stdout
    assert "  0600  app.env   dotenv of every key of db" in lines, result.stdout
    assert any(line.startswith("  0644  db-url") and "template reading db, apitoken" in line for line in lines)


def test_template_problems_name_the_line_and_column(provider_bin, tmp_path):
    text = TEMPLATES.replace("{{db.host}}", "{{#db}}\\n{{nope}}").replace("source: db,", "source: apitoken2,")
    result = validate(provider_bin, tmp_path, text, "--region", "us-east-1")
    assert result.returncode == 1
    assert 'objects[2] "app.env", field source: source "apitoken2" is not a file of the class' in result.stdout
    assert ('objects[3] "db-url", field template: the template does not parse at line 1, column 56: {{#db}} is never '
            'closed') in result.stdout, result.stdout
    assert "3 problem(s)" not in result.stdout, "db is read by a template that does not parse: no problem of its own"
