"""A small seccomp filter for the sandbox runner (standard library only: runs inside).

Namespaces, an unprivileged user, ``no_new_privs`` and an empty capability set already
stop these calls from doing harm; the filter takes away the kernel's attack surface
behind them, in case a kernel bug makes one of them dangerous. Refused with EPERM:
``ptrace``, ``process_vm_readv``/``writev``, ``mount`` and the new mount API, ``umount2``,
``pivot_root``, ``chroot``, ``unshare``, ``setns``, ``clone`` with any namespace flag,
``keyctl``/``add_key``/``request_key``, ``bpf``, ``perf_event_open``, ``userfaultfd``,
``open_by_handle_at``, module loading and ``kexec``; ``clone3`` answers ENOSYS, so the C
library falls back to ``clone``, whose flags the filter can read. Any system call of
another ABI (i386 ``int 0x80``, x32) is refused. x86-64 only: elsewhere nothing is
installed, and the runner reports so.
"""

import ctypes
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
X32_BIT = 0x40000000
BLOCKED = {
    "ptrace": 101, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
    "unshare": 272, "setns": 308, "keyctl": 250, "add_key": 248, "request_key": 249,
    "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "open_by_handle_at": 304,
    "process_vm_readv": 310, "process_vm_writev": 311, "init_module": 175,
    "finit_module": 313, "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320,
    "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
    "fspick": 433,
}  # fmt: skip
CLONE, CLONE3 = 56, 435
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000
CLONE_NAMESPACES |= (
    0x20000000 | 0x40000000 | 0x00000080
)  # ns, cgroup, uts, ipc, user, pid, net, time
LD_ABS, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
ALLOW, ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38


def program() -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions."""
    ops = [(LD_ABS, 0, 0, 4), (JEQ, 1, 0, AUDIT_ARCH_X86_64), (RET, 0, 0, ERRNO | EPERM)]
    ops += [(LD_ABS, 0, 0, 0), (JGE, 0, 1, X32_BIT), (RET, 0, 0, ERRNO | EPERM)]
    for number in sorted(BLOCKED.values()):
        ops += [(JEQ, 0, 1, number), (RET, 0, 0, ERRNO | EPERM)]
    ops += [(JEQ, 0, 1, CLONE3), (RET, 0, 0, ERRNO | ENOSYS)]
    ops += [
        (JEQ, 0, 4, CLONE),
        (LD_ABS, 0, 0, 16),  # the low 32 bits of clone's flags
        (JSET, 0, 1, CLONE_NAMESPACES),
        (RET, 0, 0, ERRNO | EPERM),
        (RET, 0, 0, ALLOW),
    ]
    return ops + [(RET, 0, 0, ALLOW)]


def install() -> bool:
    """Install the filter on this process and its future children; False when the
    platform is not x86-64 or the kernel refuses."""
    if platform.machine() != "x86_64":
        return False
    code = b"".join(struct.pack("HBBI", *op) for op in program())
    filters = ctypes.create_string_buffer(code)

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Program(len(code) // 8, ctypes.addressof(filters))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    return libc.prctl(22, 2, ctypes.byref(prog), 0, 0) == 0  # PR_SET_SECCOMP, FILTER
