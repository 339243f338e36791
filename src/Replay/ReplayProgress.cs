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
    private readonly long _totalBytes;
    private long _readBytes;
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly Stopwatch _clock;
    private readonly Timer _timer;

    /// <param name="totalBytes">The size of the history: the bar fills by bytes read, so the files are read once.</param>
    public ReplayProgress(ReplayTally tally, long totalBytes, TextWriter writer, bool interactive, Stopwatch clock)
    {
        (_tally, _totalBytes, _writer, _interactive, _clock) = (tally, totalBytes, writer, interactive, clock);
        var period = interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        _timer = new Timer(_ => Draw(final: false), null, period, period);
    }

    /// <summary>A body of <paramref name="bytes"/> was read from the history and is on its way.</summary>
    public void Read(long bytes) => Interlocked.Add(ref _readBytes, bytes);

    public void Dispose()
    {
        _timer.Dispose();
        Draw(final: true);
    }

    private void Draw(bool final)
    {
        var done = _tally.Done;
        var share = final || _totalBytes == 0 ? 1.0 : Math.Min(1.0, Interlocked.Read(ref _readBytes) / (double)_totalBytes);
        var filled = (int)(share * Width);
        var seconds = _clock.Elapsed.TotalSeconds;
        var line = string.Format(CultureInfo.InvariantCulture,
            "[{0}{1}] {2,3:0}%  {3:N0} sent  {4:0.0}/s  stored {5:N0} · unchanged {6:N0} · rejected {7:N0} · failed {8:N0}",
            new string('#', filled), new string('.', Width - filled), share * 100, done,
            seconds > 0 ? done / seconds : 0, _tally.Stored, _tally.Unchanged, _tally.Rejected, _tally.Failed);
        lock (_writer)
        {
            if (_interactive) _writer.Write("\r" + line + (final ? Environment.NewLine : ""));
            else _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
