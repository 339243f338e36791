using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The one root of every read of calls — pages, CSV, read API, search, call detail and the overview:
/// <c>db.Calls(filter)</c>, never <c>db.Details</c> directly. Whatever must hold for every read (the
/// filter today, the viewer's access scope next) is applied here once.
/// </summary>
public static class CallSource
{
    public static IQueryable<CallDetail> Calls(this CallsDbContext db, CallFilter filter) => filter.Apply(db.Details.AsNoTracking());
}
