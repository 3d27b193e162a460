# syntax=docker/dockerfile:1
# The provider's container image: a static-stdlib release build on the official Swift image, copied onto a small
# glibc base with CA certificates.
#
#   docker buildx build --platform linux/amd64,linux/arm64 -t REGISTRY/secrets-store-csi-driver-provider-aws:TAG --push .
#
# scripts/build-release.sh runs the same build commands outside Docker (no Docker engine is needed to check them).

ARG SWIFT_IMAGE=swift:6.2-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# The manifest first, so the dependency checkout is cached while only sources change.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
RUN mkdir -p /out/lib \
 && swift build -c release --static-swift-stdlib --product secrets-store-csi-driver-provider-aws \
 && install -m 0755 "$(swift build -c release --show-bin-path)/secrets-store-csi-driver-provider-aws" /out/ \
 && strip /out/secrets-store-csi-driver-provider-aws \
 && cp -L "$(ldd /out/secrets-store-csi-driver-provider-aws | awk '/libz.so/ { print $3 }')" /out/lib/

# With --static-swift-stdlib the Swift runtime and Foundation are inside the binary; it still needs glibc, libm,
# libgcc and libstdc++, which distroless/cc (Debian 12, the same glibc as the bookworm builder) has with CA
# certificates and nothing else (no shell, no package manager), and zlib (for HTTP decompression), copied from the
# builder.
FROM ${RUNTIME_IMAGE}
COPY --from=build /out/lib/ /usr/lib/
COPY --from=build /out/secrets-store-csi-driver-provider-aws /bin/secrets-store-csi-driver-provider-aws
# The socket directory and the kubelet's pod directories on the node are owned by root, so the DaemonSet runs the
# provider as user 0 (the chart sets runAsUser: 0, drops every capability and makes the root filesystem read-only).
# Where the node's directories allow another user, the image's own default is the unprivileged `nonroot`.
USER 65532:65532
EXPOSE 8989 8095
ENTRYPOINT ["/bin/secrets-store-csi-driver-provider-aws"]
CMD ["serve"]
