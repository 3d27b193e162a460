# syntax=docker/dockerfile:1
# The provider's image: a release build with the Swift runtime linked in, on the official Swift image, copied onto a
# distroless base. For both architectures (each is built natively or under emulation; see docs for the times):
#
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     -t REGISTRY/secrets-store-csi-driver-provider-aws:TAG --push .
#
# scripts/build-release.sh runs the same build commands without Docker and prints the binary's size and the shared
# libraries it needs.

# The toolchain of .swift-version (6.3.1; `make lint` checks the two agree). Debian 12's glibc 2.36: the binary needs a glibc at least as new as the
# one it was linked against, and 2.36 at least for its packed relocations (Package.swift's release linker settings,
# lld from the toolchain); the runtime base's is newer.
ARG SWIFT_IMAGE=swift:6.3.1-bookworm
# Why this base: --static-swift-stdlib puts the Swift runtime, Foundation and every package into the binary, but it
# is still linked dynamically against glibc (libc, libm, the loader), libstdc++, libgcc_s and zlib (which the gRPC
# transport's and the HTTP client's compression link); a fully static binary needs the musl Static Linux SDK, which
# the Swift images do not come with. distroless/cc has exactly glibc, libstdc++, libgcc_s and CA certificates, no shell
# and no package manager; its Debian 13 flavour also has zlib (the Debian 12 one does not). Debian 13's glibc 2.41
# runs binaries linked against 2.36. The RUN of the binary in the last stage proves at build time that every
# library it needs is in the base; a base that lacks one fails the build, not the DaemonSet.
# An alternative with a shell for debugging: debian:bookworm-slim with ca-certificates installed.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian13

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# Package.resolved pins the dependencies when present (Package.* matches Package.swift alone otherwise). The Swift
# test targets' directories come along because SwiftPM refuses a manifest whose targets have no directory; they
# are not compiled (only the product is built). .dockerignore lets nothing else in.
COPY Package.* ./
COPY Sources ./Sources
COPY Tests ./Tests
ARG TARGETPLATFORM
# The build directory is a cache kept between builds, one per platform; the binary leaves it through /out.
RUN --mount=type=cache,id=swift-build-${TARGETPLATFORM},target=/src/.build \
    swift build -c release --static-swift-stdlib --product secrets-store-csi-driver-provider-aws \
 && mkdir -p /out \
 && install -m 0755 \
      "$(swift build -c release --static-swift-stdlib --show-bin-path)/secrets-store-csi-driver-provider-aws" /out/ \
 && strip --strip-all /out/secrets-store-csi-driver-provider-aws \
 && ls -l /out/secrets-store-csi-driver-provider-aws \
 && ldd /out/secrets-store-csi-driver-provider-aws

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="secrets-store-csi-driver-provider-aws" \
      org.opencontainers.image.description="AWS provider (Secrets Manager, SSM Parameter Store) for the Secrets Store CSI driver, in Swift" \
      org.opencontainers.image.licenses="Apache-2.0"
# The incumbent's path, so commands written for its image work.
COPY --from=build /out/secrets-store-csi-driver-provider-aws /bin/secrets-store-csi-driver-provider-aws
# Exec form: there is no shell. Fails the build when the base lacks a library the binary needs.
RUN ["/bin/secrets-store-csi-driver-provider-aws", "--version"]
# User 0, on purpose: the provider creates its socket in the driver's providers directory and writes secrets into
# the pods' volumes under /var/lib/kubelet/pods, both root-owned directories on the node. The chart and deploy/
# take everything else away (no capabilities, no privilege escalation, read-only root filesystem, RuntimeDefault
# seccomp). The image itself runs as any user: where the node allows it (driverWritesSecrets: true, so the
# provider never writes into pods' volumes, and a providers directory that user may write to), set runAsUser,
# runAsGroup and runAsNonRoot in the chart's securityContext.
USER 0:0
# Health (/healthz, /readyz) and metrics (/metrics), as the chart's defaults.
EXPOSE 8989 8095
ENTRYPOINT ["/bin/secrets-store-csi-driver-provider-aws"]
