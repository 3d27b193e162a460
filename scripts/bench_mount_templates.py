# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The template part of scripts/bench_mount.py: a warm remount (values cached, no injected latency) of a class of 5
JSON secrets with 10 template entries (each format once over two of them, and six Mustache templates: a connection
URL with url-encoded credentials, a JSON config, a dotenv file, sections) next to the same 5 secrets without
templates; median ms and the provider's CPU time per remount."""

import json
import os
import statistics
import time

import driver
import mountkit

SECRETS = 5


def _classes(kit):
    """The class with templates and the same objects without them."""
    objects = []
    for index in range(SECRETS):
        name = mountkit.unique(f"tpl{index}")
        kit.secret(name, string=json.dumps({
            "username": f"user{index}", "password": f"p@ss:w/rd?{index}\"$", "host": f"db{index}.internal",
            "port": 5432 + index, "dbname": "orders", "note": "line one\nline two é", "enabled": True,
            "ratio": 0.5}))
        objects.append({"objectName": name, "objectType": "secretsmanager", "objectAlias": f"db{index}"})
    templates = [{"objectType": "template", "objectAlias": f"{fmt}.{index}", "format": fmt, "source": f"db{index}"}
                 for fmt, index in (("dotenv", 0), ("properties", 1), ("json", 2), ("yaml", 3))]
    mustache = {
        "url0": "postgresql://{{url(db0.username)}}:{{url(db0.password)}}@{{db0.host}}:{{db0.port}}/{{db0.dbname}}",
        "url4": "postgresql://{{url(db4.username)}}:{{url(db4.password)}}@{{db4.host}}:{{db4.port}}/{{db4.dbname}}",
        "config.json": '{"a": {{json(db1.password)}}, "b": {{json(db2.note)}}, "port": {{db3.port}}}',
        "app.env": "A={{dotenv(db0.password)}}\nB={{shell(db1.password)}}\nC={{base64(db2.note)}}\n",
        "sections": "{{#db3}}{{username}}@{{host}}{{/db3}}{{^db4.enabled}}disabled{{/db4.enabled}}",
        "all-hosts": "{{db0.host}} {{db1.host}} {{db2.host}} {{db3.host}} {{db4.host}}",
    }
    templates += [{"objectType": "template", "objectAlias": alias, "template": text}
                  for alias, text in mustache.items()]
    return {"5 JSON secrets with 10 templates": objects + templates, "the same 5 JSON secrets alone": objects}


def compare_templates(provider, rig, kit, runs, region):
    """{case: (median ms, CPU ms per remount)} of warm remounts of each class."""
    kit.clear_faults()
    classes = _classes(kit)
    ns = mountkit.unique("tpl")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    results = {}
    connection = driver.channel(provider.socket)
    try:
        for case, objects in classes.items():
            target = os.path.join(provider.directory, f"templates-{len(results)}")
            os.mkdir(target)
            request = mountkit.attributes(objects, namespace=ns, region=region)
            driver.mount(provider.socket, request, target, timeout=60, over=connection)  # fetches
            durations = []
            cpu_before = provider.cpu_seconds()
            for _ in range(runs):
                started = time.perf_counter()
                driver.mount(provider.socket, request, target, timeout=60, over=connection)
                durations.append((time.perf_counter() - started) * 1000)
            results[case] = (statistics.median(durations), (provider.cpu_seconds() - cpu_before) / runs * 1000)
    finally:
        connection.close()
    return results


def print_templates(results, runs):
    print(f"templates, warm remount, values cached ({runs} runs each; median ms, provider CPU ms per remount)")
    for case, (median, cpu) in results.items():
        print(f"  {case:<34} {median:>8.2f} ms {cpu:>8.2f} ms CPU")
