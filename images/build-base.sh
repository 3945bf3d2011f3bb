#!/usr/bin/env bash
# The images' base, built without a Docker engine: a minimal Debian bookworm made by debootstrap from Debian's own
# archive (curl and CA certificates for health checks and HTTPS, the C++ runtime and OpenMP that ONNX Runtime loads,
# the user 10001), written as a docker-archive tarball that Jib reads with tar://. Needs root (debootstrap chroots).
# Kept in OUTPUT_DIR while this script is unchanged, and in a cache folder for 7 days (clean clones and CI runs
# reuse it; after a week it is rebuilt with Debian's current security updates). DDIFFUSION_IMAGES_CACHE=off
# rebuilds every time.
#   build-base.sh OUTPUT_DIR    writes OUTPUT_DIR/base.tar
set -euo pipefail
out="$1"
tar_file="$out/base.tar"
stamp="$out/base.tar.script-sha256"
me=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
if [ -f "$tar_file" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$me" ]; then
  echo "base image up to date: $tar_file"
  exit 0
fi
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/deferred-diffusion"
cached="$cache_dir/images-base-$me.tar"
if [ "${DDIFFUSION_IMAGES_CACHE:-on}" != off ] && [ -n "$(find "$cached" -mtime -7 2>/dev/null)" ]; then
  mkdir -p "$out"
  cp "$cached" "$tar_file"
  echo "$me" >"$stamp"
  echo "base image from the cache (less than 7 days old): $cached"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "building the images' base needs root (debootstrap); run as root, or build without -Pimages" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
echo "debootstrap: Debian bookworm (minbase) into $root"
debootstrap --variant=minbase --include=curl,ca-certificates,libstdc++6,libgomp1 bookworm "$root" \
  "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}
chroot "$root" useradd --uid 10001 --user-group --create-home --home-dir /home/ddiffusion --shell /usr/sbin/nologin \
  ddiffusion
# why: caches, docs and locales are a third of the size and nothing in the image reads them; /dev, /proc and /sys
# are the container runtime's to mount
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/* "$root"/dev/* "$root"/proc/* \
  "$root"/sys/* "$root"/tmp/* "$root"/var/tmp/*
image="$work/image"
mkdir -p "$image"
# why: fixed order, times and owners, so the layer's digest depends on the packages only
tar --sort=name --mtime=@1767225600 --numeric-owner --pax-option=delete=atime,delete=ctime \
  -C "$root" -cf "$image/layer.tar" .
diff_id=$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
cat >"$image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"2026-01-01T00:00:00Z","created_by":"debootstrap --variant=minbase bookworm (images/build-base.sh)"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["deferred-diffusion/base:bookworm"],"Layers":["layer.tar"]}]' \
  >"$image/manifest.json"
tar -C "$image" -cf "$tar_file.part" manifest.json config.json layer.tar
mv "$tar_file.part" "$tar_file"
echo "$me" >"$stamp"
if [ "${DDIFFUSION_IMAGES_CACHE:-on}" != off ]; then
  mkdir -p "$cache_dir"
  rm -f "$cache_dir"/images-base-*.tar
  cp "$tar_file" "$cached"
fi
echo "base image: $tar_file ($(du -h "$tar_file" | cut -f1))"
