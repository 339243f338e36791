namespace MiiTelDashboard.Retention;

/// <summary>
/// What becomes of a delivery log row when some of the calls it carried are deleted. The row names
/// its calls only in <c>Delivery.DetailIds</c> (comma-separated, as the webhook wrote it), so the
/// deleted ones are taken out of that list; a row left naming no call has nothing left to say and
/// goes.
/// </summary>
public static class DeliveryDetailIds
{
    public static IReadOnlyList<string> Split(string? detailIds) =>
        string.IsNullOrEmpty(detailIds) ? [] : detailIds.Split(',');

    /// <summary>
    /// The row's list without the ids <paramref name="isGone"/> picks: <paramref name="detailIds"/>
    /// itself when none is gone, null when none remains (the row is deleted), otherwise the rest.
    /// </summary>
    public static string? Without(string detailIds, Func<string, bool> isGone)
    {
        var ids = Split(detailIds);
        var remaining = ids.Where(id => !isGone(id)).ToList();
        if (remaining.Count == ids.Count) return detailIds;
        return remaining.Count == 0 ? null : string.Join(",", remaining);
    }
}
