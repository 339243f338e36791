namespace MiiTelDashboard.Calls;

/// <summary>
/// The stream of stored call changes. In-process today; a multi-instance deployment swaps in an
/// implementation backed by a backplane (Redis pub/sub, PostgreSQL LISTEN/NOTIFY).
/// </summary>
public interface ICallFeed
{
    /// <summary>Hands the changes of one committed batch to every subscriber. Never blocks on a subscriber.</summary>
    void Publish(IReadOnlyList<CallChanged> changes);

    /// <summary>
    /// Subscribes <paramref name="handler"/>; it is called on a background task, one batch at a
    /// time. Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(Func<IReadOnlyList<CallChanged>, Task> handler);
}
