using System.Runtime.InteropServices;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// CPU time of the calling thread (clock_gettime CLOCK_THREAD_CPUTIME_ID), so the workers' statistics count work done,
/// not time spent descheduled or waiting for fsync. Zero where the clock is unavailable.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long NowNanoseconds()
    {
        if (OperatingSystem.IsWindows())
            return 0;
        return ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0 ? ts.Seconds * 1_000_000_000L + ts.Nanoseconds : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec ts);
}
