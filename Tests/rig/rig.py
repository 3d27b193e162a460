# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Starts the whole test rig on free loopback ports and prints where everything is, as one JSON line.

    python3 Tests/rig/rig.py [--state-file FILE]

The line (also written to FILE) holds: aws (endpoint of the fake AWS, all services and regions), access_key_id and
secret_access_key (static credentials that pass SigV4 checking), irsa_role_arn and pod_identity_role_arn (allowed
everything), no_batch_role_arn (allowed everything but secretsmanager:BatchGetSecretValue, which an explicit Deny
refuses), ssm_other_path_role_arn (allowed everything, but ssm:GetParametersByPath only on the path /rig/other),
no_list_role_arn (allowed everything but secretsmanager:ListSecrets, so BatchGetSecretValue with Filters is refused
too), kubernetes and kubernetes_token (the fake API server and its bearer token), pod_identity and
pod_identity_ipv6 (the fake agent's credential URLs; the latter is null without IPv6 loopback), second_account
(another account: its id, static credentials for seeding it, cross_account_role_arn and external_id_role_arn, which
trust the IRSA and Pod Identity roles, the latter only with external_id). The rig stops on
SIGTERM or SIGINT, when the process that started it dies, and (with --stop-on-stdin-eof) when its standard input
closes, so it is never left running.
"""

import argparse
import ctypes
import json
import os
import secrets
import signal
import socket
import sys
import threading
from http.server import ThreadingHTTPServer


def _die_with_parent():
    """Asks Linux to send SIGTERM to the rig when its parent exits (PR_SET_PDEATHSIG), and returns the parent.

    Some launchers (Foundation's Process among them) start children with signals blocked; unblock the ones the rig
    stops on, or it would outlive its parent. Done before the slow imports below, so a parent that dies while the
    rig starts is noticed too.
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass
    return os.getppid()


_PARENT = _die_with_parent()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fake_aws  # noqa: E402
import fake_kubernetes  # noqa: E402
import fake_pod_identity  # noqa: E402
import rig_http  # noqa: E402


class _IPv4Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 overflows when a test opens many connections at once (load tests, a provider's pool
    # and the control requests together); a refused or reset connection would fail a test that did nothing wrong.
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        # A client that goes away mid-request (a provider killed on purpose, a test's timeout) is not the rig's
        # error; anything else is printed as usual.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class _IPv6Server(_IPv4Server):
    address_family = socket.AF_INET6


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def start():
    """Starts every fake and returns (description, servers)."""
    aws = fake_aws.FakeAWS()
    aws_server = _IPv4Server(("127.0.0.1", 0), rig_http.KeepAliveWSGIHandler)
    aws_server.app = aws
    _serve(aws_server)
    aws_endpoint = f"http://127.0.0.1:{aws_server.server_address[1]}"
    aws.bootstrap(aws_endpoint)

    kubernetes_token = secrets.token_hex(16)
    kubernetes_state = fake_kubernetes.KubernetesState(kubernetes_token)
    kubernetes_server = _serve(_IPv4Server(("127.0.0.1", 0), fake_kubernetes.make_handler(kubernetes_state)))

    agent_state = fake_pod_identity.PodIdentityState(aws_endpoint)
    agent_server = _serve(_IPv4Server(("127.0.0.1", 0), fake_pod_identity.make_handler(agent_state, "ipv4")))
    servers = [aws_server, kubernetes_server, agent_server]
    ipv6_url = None
    try:
        agent6 = _serve(_IPv6Server(("::1", 0), fake_pod_identity.make_handler(agent_state, "ipv6")))
        servers.append(agent6)
        ipv6_url = f"http://[::1]:{agent6.server_address[1]}/v1/credentials"
    except OSError:
        pass

    description = {
        "aws": aws_endpoint,
        "access_key_id": aws.access_key_id,
        "secret_access_key": aws.secret_access_key,
        "account": fake_aws.ACCOUNT,
        "irsa_role_arn": fake_aws.IRSA_ROLE_ARN,
        "pod_identity_role_arn": fake_aws.POD_IDENTITY_ROLE_ARN,
        "no_batch_role_arn": fake_aws.NO_BATCH_ROLE_ARN,
        "ssm_other_path_role_arn": fake_aws.SSM_OTHER_PATH_ROLE_ARN,
        "no_list_role_arn": fake_aws.NO_LIST_ROLE_ARN,
        "second_account": aws.second_account,
        "kubernetes": f"http://127.0.0.1:{kubernetes_server.server_address[1]}",
        "kubernetes_token": kubernetes_token,
        "pod_identity": f"http://127.0.0.1:{agent_server.server_address[1]}/v1/credentials",
        "pod_identity_ipv6": ipv6_url,
    }
    return description, servers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-file", help="also write the description to this file")
    parser.add_argument("--stop-on-stdin-eof", action="store_true",
                        help="stop when standard input closes: the launcher holds a pipe open for as long as it lives")
    arguments = parser.parse_args()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if arguments.stop_on_stdin_eof:
        # However the launcher started us (some launchers leave no parent to watch), its death closes this pipe.
        threading.Thread(target=lambda: (sys.stdin.buffer.read(), stop.set()), daemon=True).start()
    description, servers = start()
    line = json.dumps(description)
    if arguments.state_file:
        with open(arguments.state_file, "w") as state_file:
            state_file.write(line + "\n")
    print(line, flush=True)
    # Wake up often: a signal may be delivered to a server thread, and Python runs its handler only when the main
    # thread runs; the parent check also stops the rig if the death signal never came.
    while not stop.wait(0.2):
        if os.getppid() != _PARENT:
            break
    # Exit at once: a fake has nothing to flush, and waiting for request threads to finish could keep it alive.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
