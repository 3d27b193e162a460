# Entry points; each installs what it needs (pip, apt) when missing.
.PHONY: demo test lint unit e2e fuzz-smoke test-deploy release-smoke build deps generate check-generated \
	bench-jmespath bench-rotation bench-mount bench-tenants fuzz soak deploy-manifests release-binary

demo:            ## build, start the provider and call it as the driver does
	bash scripts/demo.sh

test:            ## every stage below, each timed: lint, unit, e2e, fuzz-smoke, test-deploy, release-smoke
	bash scripts/test.sh

lint:            ## swift format --strict, licence headers, toolchain pins, the generated-code check
	bash scripts/test.sh lint

unit:            ## the Swift unit and integration tests
	bash scripts/test.sh unit

e2e:             ## the end-to-end tests: the real executable over its Unix socket against the test rig
	bash scripts/test.sh e2e

fuzz-smoke:      ## each fuzz target for 15 s from its corpus (FUZZ_SECONDS to change; make fuzz runs 10 minutes)
	bash scripts/test.sh fuzz-smoke

test-deploy:     ## the chart and manifest tests (Helm lint and render, kubernetes-validate --strict)
	bash scripts/test.sh test-deploy

release-smoke:   ## the shipped binary, built as the image builds it, passes the smoke test
	bash scripts/test.sh release-smoke

build:
	swift build

deps:
	bash scripts/install-deps.sh

generate:        ## regenerate the Swift code of proto/v1alpha1/service.proto
	bash scripts/generate-proto.sh

check-generated:
	bash scripts/check-generated-code.sh

bench-jmespath:  ## JMESPath throughput next to the Python reference
	bash scripts/bench-jmespath.sh

bench-rotation:  ## AWS calls per hour of a node of N pods, ours measured next to the incumbent's model
	bash scripts/bench-rotation.sh

bench-mount:     ## mount latency, calls, throughput, CPU, memory and start-up next to the incumbent's model
	bash scripts/bench-release.sh mount

bench-tenants:   ## two tenants: B's mount latency and the provider's memory while A attacks (BENCH_ARGS to change)
	bash scripts/bench-release.sh tenants $(BENCH_ARGS)

fuzz:            ## every fuzz target for 10 minutes (FUZZ_SECONDS to change)
	for target in spc jmespath aws pkcs8 templates; do bash scripts/fuzz.sh $$target $${FUZZ_SECONDS:-600} || exit 1; done

soak:            ## 30 minutes of a node under rotation (not in CI); SOAK_ARGS to change
	swift build -c release --product secrets-store-csi-driver-provider-aws
	python3 scripts/soak.py "$$(swift build -c release --show-bin-path)/secrets-store-csi-driver-provider-aws" $(SOAK_ARGS)

deploy-manifests: ## regenerate deploy/ from the chart (scripts/render-deploy.py --check only compares)
	python3 scripts/render-deploy.py

release-binary:  ## the image's build steps without Docker: static-stdlib release binary, stripped; size and ldd
	bash scripts/build-release.sh
