# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The demo's side of the fakes: seeds the test rig (fake AWS and Kubernetes API) and rotates a secret.

  demo_rig.py seed RIG_JSON KUBECONFIG   creates the demo's secrets, parameter, service account, pod and node
  demo_rig.py rotate RIG_JSON            rotates demo/db-credentials as Secrets Manager rotation does (a new
                                         AWSPENDING version, then AWSCURRENT moved to it)
  demo_rig.py calls RIG_JSON             prints the AWS calls made since the last `calls`, by operation
"""

import collections
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))

import mountkit  # noqa: E402


def main():
    command, description = sys.argv[1], json.load(open(sys.argv[2]))
    rig = mountkit.Rig(description)
    if command == "seed":
        rig.secret("demo/db-credentials", string=json.dumps({"username": "shop", "password": "correct-horse-1"}))
        rig.parameter("/demo/app/config", "feature_flags=checkout,search")
        rig.secret("demo/tls-keystore", binary=bytes([0xFE, 0xED, 0xFE, 0xED, 0x00, 0x02]) + os.urandom(26))
        rig.pod("demo", "web", "web", node="demo-node", role_arn=description["irsa_role_arn"])
        kubeconfig = mountkit.write_kubeconfig(os.path.dirname(sys.argv[3]), description)
        os.replace(kubeconfig, sys.argv[3])
        rig.clear_calls()
    elif command == "rotate":
        secrets = rig.client("secretsmanager", "us-east-1")
        old = secrets.describe_secret(SecretId="demo/db-credentials")["VersionIdsToStages"]
        current = next(version for version, stages in old.items() if "AWSCURRENT" in stages)
        new = secrets.put_secret_value(SecretId="demo/db-credentials", VersionStages=["AWSPENDING"],
                                       SecretString=json.dumps({"username": "shop", "password": "correct-horse-2"}))
        secrets.update_secret_version_stage(SecretId="demo/db-credentials", VersionStage="AWSCURRENT",
                                            MoveToVersionId=new["VersionId"], RemoveFromVersionId=current)
        print(f"   demo/db-credentials: AWSPENDING {new['VersionId']} set, then AWSCURRENT moved to it")
        rig.clear_calls()
    elif command == "calls":
        counts = collections.Counter(call["operation"] for call in rig.calls())
        print(", ".join(f"{operation} x{count}" for operation, count in sorted(counts.items())) or "none")
        rig.clear_calls()


if __name__ == "__main__":
    main()
