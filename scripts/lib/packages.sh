# Debian packages the lab, the tests and the demo need. Sourced by scripts/test and scripts/demo.
# Installs only what is missing, and runs apt-get update only when something is.
FULCRUM_PACKAGES=(iproute2 nftables nginx-light curl iputils-ping conntrack procps util-linux openssl keepalived tshark arping python3-prometheus-client nmap hping3)
# The guest-kernel tests (scripts/guest-kernel): Debian's own kernel (its vmlinuz and modules),
# qemu to boot it, busybox for its initramfs. scripts/test passes them to ensure_packages.
FULCRUM_GUEST_PACKAGES=(linux-image-amd64 qemu-system-x86 busybox-static)

ensure_packages() {
  local missing=()
  local pkg
  for pkg in "${FULCRUM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "== installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "the .NET 10 SDK (dotnet) is required and not on PATH" >&2
    return 1
  fi
}
