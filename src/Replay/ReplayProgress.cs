using System.Diagnostics;
using System.Globalization;

namespace MiiTelDashboard.Replay;

/// <summary>
/// The progress line: redrawn in place four times a second on a terminal, one line every five seconds
/// when the output goes to a file or a CI log (where carriage returns would pile up).
/// </summary>
internal sealed class ReplayProgress : IDisposable
{
    private const int Width = 30;
    private readonly ReplayTally _tally;
    private readonly int _total;
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly Stopwatch _clock;
    private readonly Timer _timer;

    public ReplayProgress(ReplayTally tally, int total, TextWriter writer, bool interactive, Stopwatch clock)
    {
        (_tally, _total, _writer, _interactive, _clock) = (tally, total, writer, interactive, clock);
        var period = interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        _timer = new Timer(_ => Draw(final: false), null, period, period);
    }

    public void Dispose()
    {
        _timer.Dispose();
        Draw(final: true);
    }

    private void Draw(bool final)
    {
        var done = _tally.Done;
        var filled = _total == 0 ? Width : (int)((long)done * Width / _total);
        var seconds = _clock.Elapsed.TotalSeconds;
        var line = string.Format(CultureInfo.InvariantCulture,
            "[{0}{1}] {2,3}% {3:N0}/{4:N0}  {5:0.0}/s  stored {6:N0} · unchanged {7:N0} · rejected {8:N0} · failed {9:N0}",
            new string('#', filled), new string('.', Width - filled), _total == 0 ? 100 : done * 100 / _total, done, _total,
            seconds > 0 ? done / seconds : 0, _tally.Stored, _tally.Unchanged, _tally.Rejected, _tally.Failed);
        lock (_writer)
        {
            if (_interactive) _writer.Write("\r" + line + (final ? Environment.NewLine : ""));
            else _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
