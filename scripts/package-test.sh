#!/usr/bin/env bash
# Checks the built .deb and the systemd unit for real:
#  - lintian: no errors;
#  - systemd-analyze verify on the unit (with the package's files as root) and the security score;
#  - dpkg -i into a throwaway root (dpkg --root, maintainer scripts run chrootless against that root):
#    files and modes, the service user and its dialout membership, the data dir, the launcher runs
#    (--version, config validate of the shipped config); an upgrade keeps an edited conffile;
#    remove keeps the data, purge deletes it.
# Needs root (dpkg chowns files). Run by scripts/test.sh after the Maven build; fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=$(ls packaging/target/chekt-bridge_*_all.deb)
version=$(dpkg-deb -f "$deb" Version)
work=$(mktemp -d /tmp/chekt-bridge-pkgtest.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "PACKAGE TEST FAILED: $*" >&2; exit 1; }
expect_mode() { # path mode owner:group
  local got
  got=$(stat -c '%a %u:%g' "$root$1") || fail "$1 is missing"
  [ "$got" = "$2 $3" ] || fail "$1 is '$got', expected '$2 $3'"
}

echo "== lintian $deb"
lintian --tag-display-limit 0 --fail-on error "$deb" 2>&1 | grep -v 'root privileges' || true
lintian --fail-on error "$deb" >/dev/null 2>&1 || fail "lintian reports errors"

echo "== systemd-analyze verify"
unitroot="$work/unitroot"
dpkg-deb -x "$deb" "$unitroot"
# verify resolves ExecStart against the real /usr/bin; point it at the packaged launcher
sed "s|ExecStart=/usr/bin/chekt-bridge|ExecStart=$unitroot/usr/bin/chekt-bridge|" \
  "$unitroot/lib/systemd/system/chekt-bridge.service" > "$work/chekt-bridge.service"
SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "$work/chekt-bridge.service" 2>&1 | tee "$work/verify.log"
[ ! -s "$work/verify.log" ] || fail "systemd-analyze verify complained about the unit"
score=$(systemd-analyze security --offline=yes "$work/chekt-bridge.service" 2>/dev/null | tail -1)
echo "systemd-analyze security: $score"

echo "== dpkg --root install"
root="$work/root"
mkdir -p "$root/etc" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/usr/sbin" "$root/tmp"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# a minimal base system: the accounts files (with dialout) useradd/sysusers edit in that root
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$root/etc/passwd"
printf 'root:x:0:\ndialout:x:20:\n' > "$root/etc/group"
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
printf 'root:*::\ndialout:*::\n' > "$root/etc/gshadow"
chmod 640 "$root/etc/shadow" "$root/etc/gshadow"
cp /etc/login.defs "$root/etc/" 2>/dev/null || true
dpkgr() { dpkg --root="$root" --force-script-chrootless --force-depends --force-not-root "$@"; }
dpkgr -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }
dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}\n' chekt-bridge | grep -q 'install ok installed' \
  || fail "package is not 'install ok installed'"

uid=$(awk -F: '$1=="chekt-bridge"{print $3}' "$root/etc/passwd")
gid=$(awk -F: '$1=="chekt-bridge"{print $3}' "$root/etc/group")
[ -n "$uid" ] && [ -n "$gid" ] || fail "service user/group chekt-bridge not created"
[ "$uid" -lt 1000 ] || fail "chekt-bridge uid $uid is not a system uid"
awk -F: '$1=="chekt-bridge"{print $6, $7}' "$root/etc/passwd" | grep -qx '/var/lib/chekt-bridge /usr/sbin/nologin' \
  || fail "chekt-bridge home/shell wrong: $(grep chekt-bridge "$root/etc/passwd")"
awk -F: '$1=="dialout"{print $4}' "$root/etc/group" | tr ',' '\n' | grep -qx chekt-bridge \
  || fail "chekt-bridge is not in group dialout: $(grep dialout "$root/etc/group")"

expect_mode /usr/bin/chekt-bridge 755 0:0
expect_mode /usr/share/chekt-bridge/chekt-bridge.jar 644 0:0
expect_mode /lib/systemd/system/chekt-bridge.service 644 0:0
expect_mode /etc/chekt-bridge 750 "0:$gid"
expect_mode /etc/chekt-bridge/bridge.yaml 640 "0:$gid"
expect_mode /var/lib/chekt-bridge 750 "$uid:$gid"
expect_mode /var/lib/chekt-bridge/tmp 750 "$uid:$gid"

echo "== man pages" # (grep without -q: with pipefail an early exit would fail the pipe)
expect_mode /usr/share/man/man1/chekt-bridge.1.gz 644 0:0
zcat "$root/usr/share/man/man1/chekt-bridge.1.gz" | grep '^\.TH "CHEKT\\-BRIDGE" "1"' >/dev/null || fail "chekt-bridge.1 is not a roff man page"
for sub in run init status audit doctor walk-test config-validate cloud-check; do
  expect_mode "/usr/share/man/man1/chekt-bridge-$sub.1.gz" 644 0:0
done
zcat "$root/usr/share/man/man1/chekt-bridge-audit.1.gz" | grep 'older ones were left out' >/dev/null \
  || fail "chekt-bridge-audit.1 does not say what audit --help says"
tar -tzf packaging/target/chekt-bridge-"$version".tar.gz | grep 'share/man/man1/chekt-bridge.1.gz$' >/dev/null \
  || fail "the tarball has no man page"

echo "== launcher"
out=$("$root/usr/bin/chekt-bridge" --version)
[ "$out" = "chekt-bridge $version" ] || fail "--version printed '$out'"
"$root/usr/bin/chekt-bridge" config validate --config "$root/etc/chekt-bridge/bridge.yaml" \
  || fail "the shipped bridge.yaml does not validate"

echo "== secrets get 0600 for the service user on reconfigure"
mkdir -p "$root/etc/chekt-bridge/keys"
echo 00112233445566778899aabbccddeeff > "$root/etc/chekt-bridge/keys/1234.key"
echo secret-api-key > "$root/etc/chekt-bridge/api-key"
chmod 644 "$root/etc/chekt-bridge/keys/1234.key" "$root/etc/chekt-bridge/api-key"

echo "== upgrade keeps an edited conffile"
sed -i 's/timezone: UTC/timezone: Europe\/Berlin/' "$root/etc/chekt-bridge/bridge.yaml"
dpkgr --force-confold -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "reinstall failed"; }
grep -q 'timezone: Europe/Berlin' "$root/etc/chekt-bridge/bridge.yaml" || fail "upgrade replaced the edited bridge.yaml"
expect_mode /etc/chekt-bridge/api-key 600 "$uid:$gid"
expect_mode /etc/chekt-bridge/keys/1234.key 600 "$uid:$gid"
expect_mode /etc/chekt-bridge/keys 700 "$uid:$gid"

echo "== remove keeps data, purge deletes it"
echo data > "$root/var/lib/chekt-bridge/chekt-bridge.mv.db"
dpkgr -r chekt-bridge >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r failed"; }
[ ! -e "$root/usr/bin/chekt-bridge" ] || fail "remove left /usr/bin/chekt-bridge"
[ -f "$root/var/lib/chekt-bridge/chekt-bridge.mv.db" ] || fail "remove deleted the data"
[ -f "$root/etc/chekt-bridge/bridge.yaml" ] || fail "remove deleted the conffile"
dpkgr -P chekt-bridge >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -P failed"; }
[ ! -e "$root/var/lib/chekt-bridge" ] || fail "purge left /var/lib/chekt-bridge"
[ ! -e "$root/etc/chekt-bridge" ] || fail "purge left /etc/chekt-bridge: $(ls -R "$root/etc/chekt-bridge")"
grep -q '^chekt-bridge:' "$root/etc/passwd" || fail "purge removed the service user (policy: keep it)"

echo "== install without systemd-sysusers (containers, non-systemd boxes): useradd fallback"
shim="$work/bin-without-sysusers"
mkdir -p "$shim"
for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  for f in "$d"/*; do
    name=${f##*/}
    [ "$name" = systemd-sysusers ] || [ -e "$shim/$name" ] || ln -s "$f" "$shim/$name"
  done
done
sed -i '/^chekt-bridge:/d; s/^\(dialout:.*\)chekt-bridge$/\1/' "$root/etc/passwd" "$root/etc/group" "$root/etc/shadow" "$root/etc/gshadow"
PATH="$shim" dpkgr -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "install with useradd failed"; }
uid=$(awk -F: '$1=="chekt-bridge"{print $3}' "$root/etc/passwd")
gid=$(awk -F: '$1=="chekt-bridge"{print $3}' "$root/etc/group")
[ -n "$uid" ] && [ "$uid" -lt 1000 ] || fail "useradd fallback did not create a system user"
awk -F: '$1=="dialout"{print $4}' "$root/etc/group" | tr ',' '\n' | grep -qx chekt-bridge || fail "useradd fallback: not in dialout"
expect_mode /var/lib/chekt-bridge 750 "$uid:$gid"
dpkgr -P chekt-bridge >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "second purge failed"; }

echo "== tar.gz"
tar -xzf "packaging/target/chekt-bridge-$version.tar.gz" -C "$work"
out=$("$work/chekt-bridge-$version/bin/chekt-bridge" --version)
[ "$out" = "chekt-bridge $version" ] || fail "tar.gz launcher printed '$out'"

echo "PACKAGE TEST PASSED ($deb; $score)"
