#!/usr/bin/env bash
# Runs as root inside fresh mount, PID, network, IPC and UTS namespaces (started by
# autograder/sandbox.py through `unshare`). Builds a minimal root file system that holds
# the system's programs and libraries read-only, the Python environment read-only, the
# runner, and one writable working folder holding only the submission; then drops to an
# unprivileged user with resource limits and starts the runner. The course tree, the
# gradebook, home folders and other submissions are simply not in this file system.
# Everything the submission can write (/submission and /tmp) lives on one tmpfs of DISK_MB
# MiB: a copy of the submission, never a folder of the host's disk.
#
# usage: sandbox_setup.sh NEWROOT WORKDIR RUNNER_DIR UID PYTHON READ_FD WRITE_FD DISK_MB LIMITS... -- RO_PATH...
set -euo pipefail
newroot=$1 workdir=$2 runner_dir=$3 uid=$4 python=$5 read_fd=$6 write_fd=$7 disk_mb=$8
shift 8
limits=()
while [ "$1" != "--" ]; do limits+=("$1"); shift; done
shift  # the rest: paths to expose read-only at their own location

mount --make-rprivate /
mount -t tmpfs -o size=16m,mode=755 sandbox-root "$newroot"

expose() {  # expose PATH read-only at the same place inside the new root
  local path=$1
  if [ -L "$path" ]; then
    mkdir -p "$newroot$(dirname "$path")"
    ln -sfn "$(readlink "$path")" "$newroot$path"
  elif [ -d "$path" ]; then
    mkdir -p "$newroot$path"
    mount --rbind "$path" "$newroot$path"
    mount -o remount,bind,ro "$newroot$path"
  elif [ -e "$path" ]; then
    mkdir -p "$newroot$(dirname "$path")"
    touch "$newroot$path"
    mount --bind "$path" "$newroot$path"
    mount -o remount,bind,ro "$newroot$path"
  fi
}

mkdir -p "$newroot/dev" "$newroot/proc" "$newroot/tmp" "$newroot/submission" "$newroot/opt/grader" \
  "$newroot/.writable"
mount -t tmpfs -o size=1m,mode=755 sandbox-dev "$newroot/dev"
for device in null zero random urandom; do
  touch "$newroot/dev/$device"
  mount --bind "/dev/$device" "$newroot/dev/$device"
done
# One size-capped tmpfs for every writable place; the two folders are bind mounts of it.
mount -t tmpfs -o "size=${disk_mb}m,mode=755" sandbox-writable "$newroot/.writable"
install -d -m 700 -o "$uid" -g "$uid" "$newroot/.writable/submission"
install -d -m 1777 "$newroot/.writable/tmp"
install -m 600 -o "$uid" -g "$uid" "$workdir/submission.ipynb" "$newroot/.writable/submission/"
mount --bind "$newroot/.writable/submission" "$newroot/submission"
mount --bind "$newroot/.writable/tmp" "$newroot/tmp"
umount "$newroot/.writable"
rmdir "$newroot/.writable"
mount -t proc proc "$newroot/proc"
mount --bind "$runner_dir" "$newroot/opt/grader"
mount -o remount,bind,ro "$newroot/opt/grader"
# Last, so that a Python environment under /tmp is not hidden by the sandbox's own /tmp.
for path in /usr /bin /sbin /lib /lib64 /etc "$@"; do expose "$path"; done

cd "$newroot"
exec chroot "$newroot" /usr/bin/setpriv --reuid="$uid" --regid="$uid" --clear-groups \
  --no-new-privs --inh-caps=-all --bounding-set=-all -- \
  /usr/bin/prlimit "${limits[@]}" -- \
  /usr/bin/env -i HOME=/submission PATH=/usr/bin:/bin MPLBACKEND=Agg MPLCONFIGDIR=/tmp \
  IPYTHONDIR=/tmp/ipython OMP_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1 \
  "$python" -E -s /opt/grader/sandbox_runner.py "$read_fd" "$write_fd"
