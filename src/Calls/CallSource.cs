using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The one root of every read of calls — pages, CSV, read API, search, call detail and the overview:
/// <c>db.Calls(access, filter)</c>, never <c>db.Details</c> directly. The reader's access scope and
/// the filter are applied here once, so no path can read a call its reader may not see.
/// </summary>
public static class CallSource
{
    public static IQueryable<CallDetail> Calls(this CallsDbContext db, CallAccess access, CallFilter filter) =>
        filter.Apply(access.Apply(db.Details.AsNoTracking()));
}
