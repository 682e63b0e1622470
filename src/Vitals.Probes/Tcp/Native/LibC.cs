using System.Runtime.InteropServices;

namespace Vitals.Probes.Tcp.Native;

/// <summary>
/// The few libc calls the TCP reactor needs (Linux only). Constants are the Linux values, identical on x64 and arm64.
/// Every call sets errno, read with <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static partial class LibC
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockNonBlock = 0x800;
    public const int SockCloExec = 0x80000;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoLinger = 13;
    public const int IpProtoTcp = 6;
    public const int TcpQuickAck = 12;

    public const int EpollCloExec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const uint EpollIn = 0x1;
    public const uint EpollOut = 0x4;

    public const int EfdNonBlock = 0x800;
    public const int EfdCloExec = 0x80000;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EInProgress = 115;

    /// <summary>
    /// <c>struct epoll_event</c> is packed on x86-64 (12 bytes: events, then data at offset 4) and naturally aligned
    /// elsewhere (16 bytes, data at offset 8). Events are read and written as bytes at these offsets.
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, in int value, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, in Linger value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, out int value, ref int length);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, ReadOnlySpan<byte> address, int length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epollFd, int operation, int fd, ReadOnlySpan<byte> epollEvent);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epollFd, Span<byte> events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, out ulong value, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, in ulong value, nint count);

    /// <summary><c>struct linger</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly struct Linger(int onOff, int seconds)
    {
        public readonly int OnOff = onOff;
        public readonly int Seconds = seconds;
    }
}
