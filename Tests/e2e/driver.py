# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""A client of the provider API that is not ours: Python grpcio with stubs generated from proto/ at run time.

Used by the end-to-end tests and the demo, and as a command:
    python3 Tests/e2e/driver.py version SOCKET [--authority AUTHORITY]
"""

import argparse
import importlib
import os
import sys

import grpc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATED = os.path.join(ROOT, "Tests", "e2e", "_generated")


def _generated(relative, module_path=None):
    """(x_pb2, x_pb2_grpc) of proto/<relative>.proto, generated when missing or stale, importable as
    `module_path` (default: the proto's own path), so that `grpc/health/...` does not shadow the grpc package."""
    import shutil

    from grpc_tools import protoc

    proto = os.path.join(ROOT, "proto", relative + ".proto")
    module_path = module_path or relative
    marker = os.path.join(GENERATED, module_path + "_pb2.py")
    if not os.path.exists(marker) or os.path.getmtime(marker) < os.path.getmtime(proto):
        sources = os.path.join(GENERATED, "_proto")
        os.makedirs(os.path.dirname(os.path.join(sources, module_path)), exist_ok=True)
        shutil.copyfile(proto, os.path.join(sources, module_path + ".proto"))
        status = protoc.main(["protoc", f"-I{sources}", f"--python_out={GENERATED}",
                              f"--grpc_python_out={GENERATED}", module_path + ".proto"])
        if status != 0:
            raise RuntimeError("protoc failed to generate the Python stubs")
    if GENERATED not in sys.path:
        sys.path.insert(0, GENERATED)
    module = module_path.replace("/", ".")
    return importlib.import_module(module + "_pb2"), importlib.import_module(module + "_pb2_grpc")


def stubs():
    """(service_pb2, service_pb2_grpc) of the provider API."""
    return _generated("v1alpha1/service")


def health_stubs():
    """(health_pb2, health_pb2_grpc) of the standard gRPC health service."""
    return _generated("grpc/health/v1/health", "provider_health/health")


def channel(socket_path, authority=None):
    """An insecure channel over the Unix socket; `authority` overrides `:authority` (the v1.5 driver sends the path)."""
    options = [("grpc.default_authority", authority)] if authority else []
    return grpc.insecure_channel(f"unix://{socket_path}", options=options)


def version(socket_path, authority=None, timeout=5):
    """Calls Version the way the driver does."""
    service_pb2, service_pb2_grpc = stubs()
    with channel(socket_path, authority) as ch:
        stub = service_pb2_grpc.CSIDriverProviderStub(ch)
        return stub.Version(service_pb2.VersionRequest(version="v1alpha1"), timeout=timeout)


def mount(socket_path, attributes, target_path, permission="420", secrets="null", current=(), timeout=30,
          over=None):
    """Calls Mount the way the driver does; `attributes` is a dict of strings. `over` is an open channel to use
    (the driver keeps one per provider for its whole life); without it the call has a channel of its own."""
    import json

    service_pb2, service_pb2_grpc = stubs()
    request = service_pb2.MountRequest(
        attributes=json.dumps(attributes), secrets=secrets, target_path=target_path, permission=permission,
        current_object_version=[service_pb2.ObjectVersion(id=i, version=v) for i, v in current])
    if over is not None:
        return service_pb2_grpc.CSIDriverProviderStub(over).Mount(request, timeout=timeout)
    with channel(socket_path) as ch:
        return service_pb2_grpc.CSIDriverProviderStub(ch).Mount(request, timeout=timeout)


def main():
    parser = argparse.ArgumentParser(description="Call the provider API over its Unix socket.")
    commands = parser.add_subparsers(dest="command", required=True)
    version_command = commands.add_parser("version", help="call Version")
    version_command.add_argument("socket")
    version_command.add_argument("--authority")
    arguments = parser.parse_args()
    print(version(arguments.socket, arguments.authority), end="")


if __name__ == "__main__":
    main()
