using System.Runtime.InteropServices;
using Quartier.Optimization.Solvers;

namespace Quartier.Optimization.Tests.Solvers;

/// <summary>The parameter structs must match GLPK 5.0's glpk.h (sizes and offsets measured with gcc against the header).</summary>
public sealed class GlpkLayoutTests
{
    [Fact]
    public void SmcpMatchesTheHeader()
    {
        Assert.Equal(352, Marshal.SizeOf<GlpSmcp>());
        Assert.Equal(60, (int)Marshal.OffsetOf<GlpSmcp>(nameof(GlpSmcp.TmLim)));
        Assert.Equal(72, (int)Marshal.OffsetOf<GlpSmcp>(nameof(GlpSmcp.Presolve)));
        Assert.Equal(88, (int)Marshal.OffsetOf<GlpSmcp>("FooBar"));
    }

    [Fact]
    public void IocpMatchesTheHeader()
    {
        Assert.Equal(328, Marshal.SizeOf<GlpIocp>());
        Assert.Equal(32, (int)Marshal.OffsetOf<GlpIocp>(nameof(GlpIocp.TmLim)));
        Assert.Equal(72, (int)Marshal.OffsetOf<GlpIocp>(nameof(GlpIocp.MipGap)));
        Assert.Equal(96, (int)Marshal.OffsetOf<GlpIocp>(nameof(GlpIocp.Presolve)));
        Assert.Equal(140, (int)Marshal.OffsetOf<GlpIocp>(nameof(GlpIocp.Flip)));
        Assert.Equal(144, (int)Marshal.OffsetOf<GlpIocp>("FooBar"));
    }

    [Fact]
    public void InitFillsTheDocumentedDefaults()
    {
        var iocp = GlpkSolver.DefaultIocp();
        Assert.Equal(0.0, iocp.MipGap);          // GLPK default
        Assert.Equal(int.MaxValue, iocp.TmLim);  // no limit
        Assert.Equal(GlpkNative.GLP_OFF, iocp.Presolve);
        Assert.Equal(1e-5, iocp.TolInt);

        var smcp = GlpkSolver.DefaultSmcp();
        Assert.Equal(int.MaxValue, smcp.TmLim);
        Assert.Equal(1e-7, smcp.TolBnd);
        Assert.Equal(GlpkNative.GLP_OFF, smcp.Presolve);
    }
}
