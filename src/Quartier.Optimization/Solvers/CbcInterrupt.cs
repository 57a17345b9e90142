using System.Runtime.InteropServices;

namespace Quartier.Optimization.Solvers;

/// <summary>
/// Stops a running CBC MILP search the way CBC's own command line stops on Ctrl-C, keeping the best solution found.
/// CBC 2.10's C interface has no abort call; CbcMain1 can install a SIGINT handler that tells the model in branch and
/// bound to stop ("stopped on event"), but only when <c>useSignalHandler_</c> of the model's solver data is set, which
/// the C interface leaves off. So <see cref="Begin"/> sets that flag (after checking the layout of CBC 2.10's
/// <c>Cbc_Model</c> and <c>CbcSolverUsefulData</c>), and a watchdog thread, polling every few milliseconds while a MILP
/// runs, puts .NET's SIGINT handler back as soon as CbcMain1 has replaced it (so a user's Ctrl-C keeps reaching .NET)
/// and, once the <see cref="SolveWatch"/> says stop, installs CBC's handler for an instant, raises SIGINT and restores
/// .NET's. A SIGINT that CBC caught in the few milliseconds before the watchdog restored .NET's handler is raised again
/// for .NET after the solve. Linux (glibc) only, as the solver packages are; elsewhere, or should the layout not match,
/// CBC's own time limit and the checks between solves remain.
/// Safety (reviewed): MILP solves go through CbcMain1 one at a time (<c>CbcSolver</c>'s driver lock), so only one
/// session exists and CBC's global "current model" is the watched one — a raised SIGINT cannot stop another solve.
/// .NET's handler is saved per session before CbcMain1 runs (the previous session put it back) and restored within a
/// poll (1 ms; Clp's LP solves install theirs again and again) and at <see cref="Session.End"/>. Residual risk, documented: a
/// user's Ctrl-C in that first window, before branch and bound starts, reaches CBC's handler, which ignores it when no
/// model is in branch and bound; a signal sent during the microseconds of a watchdog raise is taken as that stop.
/// </summary>
internal static unsafe partial class CbcInterrupt
{
    private const int Sigint = 2;
    /// <summary>
    /// Poll period: the longest a handler CBC or Clp installed stays in place (a user's Ctrl-C in that window reaches
    /// them, not .NET). Clp re-installs its handler on every LP solve, so the whole solve is polled at this rate.
    /// </summary>
    private const int PollMilliseconds = 1;
    private static readonly Lock Gate = new();
    private static readonly AutoResetEvent Wake = new(false);
    private static Session? _active;
    private static SigAction _dotnet;
    private static bool _captured;
    private static Thread? _thread;

    /// <summary>
    /// Remembers the process's own SIGINT handler (.NET's, or whatever the host installed) whenever it is in place: CBC
    /// and Clp install theirs (Clp on every LP solve) and never put the previous one back, so "the handler now" is only
    /// the process's own when it lies outside their libraries. Called before every solve.
    /// </summary>
    public static void Capture()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        lock (Gate)
        {
            Query(out var current);
            if ((!_captured || current.Handler != _dotnet.Handler) && !InSolver(current.Handler))
            {
                _dotnet = current;
                _captured = true;
            }
        }
    }

    /// <summary>Puts the process's own SIGINT handler back after a solve the watchdog did not watch (an LP: Clp installs its own).</summary>
    public static void Restore()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        lock (Gate)
        {
            Query(out var current);
            if (_captured && current.Handler != _dotnet.Handler && InSolver(current.Handler))
            {
                Install(ref _dotnet);
            }
        }
    }

    /// <summary>Prepares a loaded model and starts watching; call <see cref="Session.End"/> right after <c>Cbc_solve</c>.</summary>
    public static Session Begin(CbcModelHandle handle, SolveWatch watch)
    {
        var session = new Session(watch);
        if (!OperatingSystem.IsLinux() || !EnableHandler(handle.DangerousGetHandle()))
        {
            return session;
        }

        lock (Gate)
        {
            Query(out session.Saved);
            if (_captured && InSolver(session.Saved.Handler))
            {
                session.Saved = _dotnet;
            }

            session.Watching = true;
        }

        Volatile.Write(ref _active, session);
        EnsureThread();
        Wake.Set();
        return session;
    }

    /// <summary>
    /// Sets <c>cbcData->useSignalHandler_</c>: <c>Cbc_Model</c> is { solver_, model_, cbcData, … } and
    /// <c>CbcSolverUsefulData</c> { double totalTime_; std::vector parameters_; bool noPrinting_; bool useSignalHandler_; … }
    /// in CBC 2.10; the values Cbc_newModel leaves there are checked before anything is written.
    /// </summary>
    private static bool EnableHandler(nint model)
    {
        if (model == 0)
        {
            return false;
        }

        var fields = (nint*)model;
        var data = (byte*)fields[2];
        if (fields[0] == 0 || fields[1] == 0 || data == null)
        {
            return false;
        }

        var totalTime = *(double*)data;
        var begin = *(nint*)(data + 8);
        var end = *(nint*)(data + 16);
        var capacity = *(nint*)(data + 24);
        var plausible = double.IsFinite(totalTime) && totalTime >= 0 && begin != 0 && end > begin && capacity >= end
            && data[32] <= 1 && data[33] <= 1;
        if (!plausible)
        {
            return false;
        }

        data[33] = 1;
        return true;
    }

    private static void EnsureThread()
    {
        if (_thread is not null)
        {
            return;
        }

        lock (Gate)
        {
            _thread ??= new Thread(Watch) { IsBackground = true, Name = "Quartier CBC watchdog" };
            if (_thread.ThreadState.HasFlag(ThreadState.Unstarted))
            {
                _thread.Start();
            }
        }
    }

    private static void Watch()
    {
        while (true)
        {
            var session = Volatile.Read(ref _active);
            if (session is null)
            {
                Wake.WaitOne();
                continue;
            }

            session.Tick();
            Wake.WaitOne(PollMilliseconds);
        }
    }

    private static void Query(out SigAction action)
    {
        fixed (SigAction* p = &action)
        {
            _ = sigaction(Sigint, null, p);
        }
    }

    private static void Install(ref SigAction action)
    {
        fixed (SigAction* p = &action)
        {
            _ = sigaction(Sigint, p, null);
        }
    }

    [LibraryImport("libc.so.6")]
    private static partial int sigaction(int signal, SigAction* action, SigAction* old);

    [LibraryImport("libc.so.6")]
    private static partial int raise(int signal);

    [LibraryImport("libc.so.6")]
    private static partial int dladdr(nint address, DlInfo* info);

    /// <summary>Whether <paramref name="handler"/> lies in libCbcSolver (CbcMain1's SIGINT handler).</summary>
    private static bool InCbcSolver(nint handler) => Library(handler)?.Contains("libCbcSolver", StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="handler"/> is CBC's or Clp's (a COIN-OR library's), not the process's own.</summary>
    private static bool InSolver(nint handler) => Library(handler) is { } file
        && (file.Contains("libCbc", StringComparison.Ordinal) || file.Contains("libClp", StringComparison.Ordinal) || file.Contains("libOsi", StringComparison.Ordinal) || file.Contains("libCoin", StringComparison.Ordinal));

    /// <summary>The shared library that holds <paramref name="address"/>; null for SIG_DFL, SIG_IGN or an unknown address.</summary>
    private static string? Library(nint address)
    {
        DlInfo info;
        if (address is 0 or 1 || dladdr(address, &info) == 0 || info.FileName == 0)
        {
            return null;
        }

        return Marshal.PtrToStringUTF8(info.FileName);
    }

    /// <summary>glibc's Dl_info.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public nint FileName;
        public nint FileBase;
        public nint SymbolName;
        public nint SymbolAddress;
    }

    /// <summary>glibc's struct sigaction (152 bytes on x86-64 and arm64), kept whole: handler first.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SigAction
    {
        public nint Handler;
        public fixed byte Rest[248];
    }

    /// <summary>One MILP solve under watch.</summary>
    public sealed class Session(SolveWatch watch) : IDisposable
    {
        internal SigAction Saved;
        private SigAction _cbc;
        private bool _haveCbc;
        private bool _finished;

        internal bool Watching { get; set; }

        /// <summary>How many times the watchdog interrupted CBC.</summary>
        public int Raised { get; private set; }

        internal void Tick()
        {
            lock (Gate)
            {
                if (_finished)
                {
                    return;
                }

                Query(out var current);
                if (current.Handler != Saved.Handler)
                {
                    // Only CbcMain1's own handler is kept for raising: Clp's (installed by its LP solves) acts on a
                    // global model pointer that may be stale between solves, and raising it once aborted the process.
                    if (!_haveCbc && InCbcSolver(current.Handler))
                    {
                        _cbc = current;
                        _haveCbc = true;
                    }

                    Install(ref Saved);
                }

                if (_haveCbc && watch.ShouldStop())
                {
                    // CBC's handler tells the model in branch and bound to stop; before branch and bound it does nothing,
                    // so this repeats every poll until the solve returns.
                    Install(ref _cbc);
                    _ = raise(Sigint);
                    Install(ref Saved);
                    Raised++;
                }
            }
        }

        /// <summary>Stops watching right after <c>Cbc_solve</c>; <paramref name="status"/> is CBC's (5: stopped on event).</summary>
        public void End(int status)
        {
            if (!Watching)
            {
                return;
            }

            bool restored;
            lock (Gate)
            {
                _finished = true;
                Query(out var current);
                restored = current.Handler != Saved.Handler;
                if (restored)
                {
                    Install(ref Saved);
                }

                Interlocked.CompareExchange(ref _active, null, this);
            }

            if (status == 5 && Raised == 0)
            {
                // CBC caught a real Ctrl-C before the watchdog had put .NET's handler back: pass it on.
                _ = raise(Sigint);
            }
        }

        public void Dispose()
        {
            if (Watching && !_finished)
            {
                End(0);
            }
        }
    }
}
