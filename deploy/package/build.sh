#!/usr/bin/env bash
# Builds the Debian package commitment-radar_<version>_amd64.deb from a release build of radar.
#
#   deploy/package/build.sh            # release build, xz-compressed package in deploy/package/out/
#   RADAR_PACKAGE_CONFIGURATION=debug RADAR_PACKAGE_COMPRESSION=gzip deploy/package/build.sh   # what the tests use
#
# The package holds the binary with its web resources and the Swift runtime libraries beside it in
# /usr/lib/commitment-radar (the binary looks there through its $ORIGIN run path, so no Swift toolchain is needed),
# /usr/bin/radar, shell completions and a man page generated from --help, an example /etc/radar/radar.env (a
# conffile) and the systemd units radar.service and radar-migrate.service. Prints the package's path.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
cd "$ROOT"

CONFIGURATION=${RADAR_PACKAGE_CONFIGURATION:-release}
COMPRESSION=${RADAR_PACKAGE_COMPRESSION:-xz}
OUT=${RADAR_PACKAGE_OUT:-$ROOT/deploy/package/out}
HERE="$ROOT/deploy/package"

ensure_swift
command -v dpkg-deb >/dev/null || die "dpkg-deb not found: install dpkg (Debian: apt-get install dpkg)"
swift build -c "$CONFIGURATION" --product radar >&2 || die "the $CONFIGURATION build of radar failed"
BIN=$(swift build -c "$CONFIGURATION" --show-bin-path)
[[ -x $BIN/radar ]] || die "no radar binary in $BIN"

count=$(git -C "$ROOT" rev-list --count HEAD 2>/dev/null || echo 0)
VERSION=${RADAR_PACKAGE_VERSION:-0.1.$count}
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/radar-package.XXXXXX")
trap 'rm -rf -- "$STAGE"' EXIT
LIB=$STAGE/usr/lib/commitment-radar

install -d "$LIB" "$STAGE/usr/bin" "$STAGE/etc/radar" "$STAGE/lib/systemd/system" "$STAGE/usr/share/man/man1" \
    "$STAGE/usr/share/bash-completion/completions" "$STAGE/usr/share/zsh/vendor-completions" \
    "$STAGE/usr/share/fish/vendor_completions.d" "$STAGE/usr/share/doc/commitment-radar" "$STAGE/DEBIAN"
install -m 0755 "$BIN/radar" "$LIB/radar"
# The web templates and assets: SwiftPM's resource bundle, found beside the binary.
cp -R "$BIN/commitment-radar_RadarWeb.resources" "$LIB/"
# The Swift runtime the binary was linked against (its run path falls back to $ORIGIN).
swift_lib=$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/linux
ldd "$BIN/radar" | awk -v dir="$(readlink -f "$swift_lib")" 'index($3, dir) == 1 { print $3 }' | while read -r lib; do
    install -m 0644 "$lib" "$LIB/"
done
ln -s ../lib/commitment-radar/radar "$STAGE/usr/bin/radar"
install -m 0755 "$HERE/wait-ready" "$LIB/wait-ready"
install -m 0640 "$HERE/radar.env" "$STAGE/etc/radar/radar.env"
install -m 0644 "$HERE/radar.service" "$HERE/radar-migrate.service" "$STAGE/lib/systemd/system/"
"$BIN/radar" --generate-completion-script bash >"$STAGE/usr/share/bash-completion/completions/radar"
"$BIN/radar" --generate-completion-script zsh >"$STAGE/usr/share/zsh/vendor-completions/_radar"
"$BIN/radar" --generate-completion-script fish >"$STAGE/usr/share/fish/vendor_completions.d/radar.fish"
"$HERE/man.sh" "$BIN/radar" "$VERSION" | gzip -9n >"$STAGE/usr/share/man/man1/radar.1.gz"
gzip -9nc "$ROOT/README.md" >"$STAGE/usr/share/doc/commitment-radar/README.md.gz"

installed_size=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@SIZE@/$installed_size/" "$HERE/control" >"$STAGE/DEBIAN/control"
echo /etc/radar/radar.env >"$STAGE/DEBIAN/conffiles"
install -m 0755 "$HERE/postinst" "$HERE/prerm" "$HERE/postrm" "$STAGE/DEBIAN/"

mkdir -p "$OUT"
package="$OUT/commitment-radar_${VERSION}_amd64.deb"
level=()
if [[ $COMPRESSION == gzip ]]; then level=(-z1); fi
dpkg-deb --root-owner-group -Z"$COMPRESSION" "${level[@]}" --build "$STAGE" "$package" >&2 ||
    die "dpkg-deb could not build $package"
log "built $package ($(du -h "$package" | cut -f1))"
printf '%s\n' "$package"
