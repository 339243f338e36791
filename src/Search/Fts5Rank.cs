// An FTS5 auxiliary function with bm25()'s exact semantics, minus the index passes that cannot change
// the ranking. Registered from C# on an open Microsoft.Data.Sqlite connection; no native code of our own.
//
// Why: FTS5's built-in bm25() computes, once per MATCH query, an IDF for EVERY phrase of the
// expression by running the phrase again over the whole index (xQueryPhrase) and counting the rows it
// is in. For the search page's most common query — one included term or phrase, maybe with
// excluded ones — that work changes nothing:
//   - with one included phrase the score is idf × f(row), idf a positive constant for the query, so
//     ordering by f(row) is ordering by bm25 (ties included);
//   - an excluded phrase (after NOT) never occurs in a matching row, so its term frequency is 0 and
//     it adds exactly 0 to every score; its IDF pass is pure waste.
//
// Formula (fts5_aux.c, fts5Bm25Function; k1 = 1.2, b = 0.75, every column weight 1):
//   score = -Σ_i idf_i · tf_i·(k1+1) / (tf_i + k1·(1 − b + b·D/avgdl))
//   tf_i  = instances of phrase i in the row (all columns), D = tokens in the row (all columns),
//   avgdl = total tokens in the table / rows in the table,
//   idf_i = max(1e-6, ln((N − n_i + 0.5)/(n_i + 0.5))), n_i = rows holding phrase i (its column filter applied).
// bm25_included sums over the first $included phrases only, and uses idf = 1 when $included = 1.
// With 2+ included phrases its scores are bm25's, bit for bit (same operations in the same order).
// With exactly 1 they are bm25's divided by that phrase's idf: same order, different magnitude.
//
// Struct layouts: ext/fts5/fts5.h of SQLite (fts5_api, Fts5ExtensionApi, Fts5PhraseIter). Both
// structs only ever grow at the end (iVersion tells how far); the members used here exist since
// iVersion 1 (Fts5ExtensionApi) / 2 (fts5_api), which is checked at run time before any is called.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace MiiTelDashboard.Search;

/// <summary>
/// Registers <c>bm25_included(CallSearch, $included)</c> on SQLite connections: bm25 over the first
/// <c>$included</c> phrases of the MATCH expression (the AND-ed terms, which
/// <c>SearchService.MatchExpression</c> puts before the NOT-ed ones), with no IDF pass when there is
/// only one. Lower is better, as with bm25.
/// </summary>
/// <remarks>
/// Call shape: <c>SELECT rowid, bm25_included(CallSearch, $included) FROM CallSearch WHERE CallSearch MATCH $match</c>
/// (<c>SearchService.ScoredRowidsSql</c>). Register on every connection that runs it, after it is opened (<see cref="Register"/> is cheap and
/// idempotent per native connection, so calling it on each open of a pooled connection is fine).
/// </remarks>
public static unsafe class Fts5Rank
{
    public const string FunctionName = "bm25_included";

    private const double K1 = 1.2;
    private const double B = 0.75;

    private const int SQLITE_OK = 0;
    private const int SQLITE_ERROR = 1;
    private const int SQLITE_ROW = 100;
    private const int SQLITE_DONE = 101;
    private const int SQLITE_INTEGER = 1;

    /// <summary>
    /// Native connections the function is registered on. Keyed by the <see cref="SQLitePCL.sqlite3"/>
    /// handle object, which a pooled <see cref="SqliteConnection"/> keeps across Close/Open and which
    /// dies with the native connection — so a new native connection that happens to get the same
    /// address is never mistaken for a registered one. (Registering again is not harmless: FTS5's
    /// xCreateFunction prepends a new entry and frees none until the connection closes.)
    /// </summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Registered = new();
    private static readonly object Yes = new();

    /// <summary>Registers the function on <paramref name="connection"/> (open) unless it already is.</summary>
    /// <exception cref="InvalidOperationException">FTS5 is missing or older than the layout used here.</exception>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handle = connection.Handle ?? throw new InvalidOperationException($"Open the connection before registering {FunctionName}.");
        if (Registered.TryGetValue(handle, out _)) return;
        // The P/Invokes below must reach the library that owns this connection's handle.
        if (SQLitePCL.raw.GetNativeLibraryName() is var lib && lib != Native.Lib)
            throw new InvalidOperationException($"SQLitePCLRaw uses '{lib}', but {nameof(Fts5Rank)} P/Invokes '{Native.Lib}'.");

        var api = GetFts5Api(handle.DangerousGetHandle());
        // Members up to xCreateFunction are the same in every version; require 2+ as in the layout read (SQLite 3.53.3 reports 3).
        if (api->iVersion < 2)
            throw new InvalidOperationException($"fts5_api version {api->iVersion} is older than this code expects (2+).");
        int rc;
        fixed (byte* name = "bm25_included\0"u8)
            rc = api->xCreateFunction(api, name, null, &Bm25Included, null);
        if (rc != SQLITE_OK) throw new InvalidOperationException($"Registering {FunctionName} failed: {ErrorString(rc)}.");
        Registered.AddOrUpdate(handle, Yes);
    }

    /// <summary>The connection's fts5_api: <c>SELECT fts5(?1)</c> with ?1 bound to a pointer typed "fts5_api_ptr".</summary>
    private static Fts5Api* GetFts5Api(nint db)
    {
        nint stmt;
        int rc;
        fixed (byte* sql = "SELECT fts5(?1)\0"u8)
            rc = Native.sqlite3_prepare_v2(db, sql, -1, &stmt, null);
        if (rc != SQLITE_OK)
            throw new InvalidOperationException($"FTS5 is not available on this connection: {Marshal.PtrToStringUTF8((nint)Native.sqlite3_errmsg(db))}.");
        try
        {
            Fts5Api* api = null;
            // The type string must stay valid while the pointer is bound: a u8 literal lives in the image.
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                rc = Native.sqlite3_bind_pointer(stmt, 1, &api, type, 0);
                if (rc == SQLITE_OK) rc = Native.sqlite3_step(stmt);
            }
            if ((rc != SQLITE_ROW && rc != SQLITE_DONE) || api == null)
                throw new InvalidOperationException($"Could not get the fts5_api pointer: {ErrorString(rc)}.");
            return api;
        }
        finally
        {
            _ = Native.sqlite3_finalize(stmt);
        }
    }

    /// <summary>Per-query data, in native memory owned by FTS5 (xSetAuxdata, freed by <see cref="FreeData"/>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Bm25Data
    {
        public int Included;   // phrases scored: 0 .. Included-1
        public double AvgDl;   // average tokens per row, all columns
        // followed by double Idf[Included]

        public static double* Idf(Bm25Data* p) => (double*)(p + 1);
    }

    /// <summary>The fts5_extension_function: one call per matching row.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Bm25Included(Fts5ExtensionApi* api, nint fts, nint ctx, int nVal, nint* apVal)
    {
        try
        {
            var data = (Bm25Data*)api->xGetAuxdata(fts, 0);
            if (data == null)
            {
                var error = CreateData(api, fts, nVal, apVal, out data, out var rc);
                if (error is not null) { ResultError(ctx, error); return; }
                if (rc != SQLITE_OK) { Native.sqlite3_result_error_code(ctx, rc); return; }
            }

            int nTok;
            var r = api->xColumnSize(fts, -1, &nTok);
            if (r != SQLITE_OK) { Native.sqlite3_result_error_code(ctx, r); return; }
            double d = nTok;

            // Same operations in the same order as fts5Bm25Function, so scores match it bit for bit
            // (excluded phrases add +0.0 there, which changes no bit of the sum).
            var score = 0.0;
            var idf = Bm25Data.Idf(data);
            for (var i = 0; i < data->Included; i++)
            {
                // Instances of phrase i in this row, every column weight 1 (what bm25 sums from xInst).
                // xPhraseFirst/xPhraseNext read the phrase's position list directly; xInstCount would
                // first merge every phrase's list into one sorted array.
                Fts5PhraseIter iter;
                int iCol, iOff;
                r = api->xPhraseFirst(fts, i, &iter, &iCol, &iOff);
                if (r != SQLITE_OK) { Native.sqlite3_result_error_code(ctx, r); return; }
                var tf = 0;
                for (; iCol >= 0; api->xPhraseNext(fts, &iter, &iCol, &iOff)) tf++;
                double f = tf;
                score += idf[i] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * d / data->AvgDl)));
            }
            Native.sqlite3_result_double(ctx, -1.0 * score);
        }
        catch (Exception e)
        {
            // Nothing may unwind into SQLite's C frames: report it as the SQL error instead.
            ResultError(ctx, $"{FunctionName}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Reads $included, the table's average row length and (2+ included phrases) each included
    /// phrase's IDF, and hands them to FTS5 as the query's auxdata. Returns an error message for a
    /// wrong call, or sets <paramref name="rc"/> for an SQLite error.
    /// </summary>
    private static string? CreateData(Fts5ExtensionApi* api, nint fts, int nVal, nint* apVal, out Bm25Data* data, out int rc)
    {
        data = null;
        rc = SQLITE_OK;
        if (api->iVersion < 1) return $"{FunctionName}: Fts5ExtensionApi version {api->iVersion} is not supported.";
        if (nVal != 1 || Native.sqlite3_value_type(apVal[0]) != SQLITE_INTEGER)
            return $"{FunctionName}(table, n): n must be the number of included (AND-ed, leading) phrases, an integer.";
        var included = Native.sqlite3_value_int(apVal[0]);
        var phrases = api->xPhraseCount(fts);
        if (phrases == 0)
            return $"{FunctionName}: needs a MATCH on the table (the query has no phrases).";
        if (included < 1 || included > phrases)
            return $"{FunctionName}: n = {included}, but the MATCH expression has {phrases} phrase(s); n must be 1..{phrases}.";

        long nRow = 0, nToken = 0;
        rc = api->xRowCount(fts, &nRow);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &nToken);
        if (rc != SQLITE_OK) return null;

        var p = (Bm25Data*)NativeMemory.Alloc((nuint)(sizeof(Bm25Data) + included * sizeof(double)));
        p->Included = included;
        p->AvgDl = (double)nToken / (double)nRow;
        var idf = Bm25Data.Idf(p);
        if (included == 1)
        {
            idf[0] = 1.0; // a positive constant factor: the ranking is bm25's without its IDF pass
        }
        else
        {
            for (var i = 0; i < included; i++)
            {
                long nHit = 0;
                rc = api->xQueryPhrase(fts, i, &nHit, &CountRow);
                if (rc != SQLITE_OK) { NativeMemory.Free(p); return null; }
                var v = Math.Log((nRow - nHit + 0.5) / (nHit + 0.5));
                idf[i] = v <= 0.0 ? 1e-6 : v;
            }
        }
        // On failure FTS5 has already called FreeData on p.
        rc = api->xSetAuxdata(fts, p, &FreeData);
        if (rc == SQLITE_OK) data = p;
        return null;
    }

    /// <summary>xQueryPhrase callback: one call per row holding the phrase.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int CountRow(Fts5ExtensionApi* api, nint fts, void* count)
    {
        (*(long*)count)++;
        return SQLITE_OK;
    }

    /// <summary>xSetAuxdata destructor, called by FTS5 when the query's cursor is done.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void FreeData(void* p) => NativeMemory.Free(p);

    private static void ResultError(nint ctx, string message)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(message);
            fixed (byte* m = bytes) Native.sqlite3_result_error(ctx, m, bytes.Length); // copies the text
        }
        catch
        {
            Native.sqlite3_result_error_code(ctx, SQLITE_ERROR);
        }
    }

    private static string ErrorString(int rc) => Marshal.PtrToStringUTF8((nint)Native.sqlite3_errstr(rc)) ?? rc.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // ---- ext/fts5/fts5.h, in declaration order. Only the members used are typed; the rest are
    // ---- placeholders of pointer size so that every offset is as in C.

    /// <summary><c>struct fts5_api</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int iVersion;
        public nint xCreateTokenizer;
        public nint xFindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, void*,
            delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, nint, nint, int, nint*, void>,
            delegate* unmanaged[Cdecl]<void*, void>, int> xCreateFunction;
        // iVersion >= 3: xCreateTokenizer_v2, xFindTokenizer_v2 (unused)
    }

    /// <summary><c>struct Fts5ExtensionApi</c>; the Fts5Context* arguments are <c>nint</c>.</summary>
    /// <remarks>
    /// The three per-row calls that only read memory (xGetAuxdata; xPhraseFirst/xPhraseNext on a
    /// detail=full table, which walk the row's already loaded position list) skip the GC transition:
    /// measured ~4–6% of a single-term ranking query. They never call back into .NET; if CallSearch ever
    /// used a tokenizer written in .NET, or detail=column/none (xPhraseFirst then re-tokenizes the row),
    /// drop SuppressGCTransition there. xColumnSize may read a page, so it keeps the transition.
    /// </remarks>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int iVersion;
        public nint xUserData;
        public nint xColumnCount;
        public delegate* unmanaged[Cdecl]<nint, long*, int> xRowCount;
        public delegate* unmanaged[Cdecl]<nint, int, long*, int> xColumnTotalSize;
        public nint xTokenize;
        public delegate* unmanaged[Cdecl]<nint, int> xPhraseCount;
        public nint xPhraseSize;
        public nint xInstCount;
        public nint xInst;
        public nint xRowid;
        public nint xColumnText;
        public delegate* unmanaged[Cdecl]<nint, int, int*, int> xColumnSize;
        public delegate* unmanaged[Cdecl]<nint, int, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, nint, void*, int>, int> xQueryPhrase;
        public delegate* unmanaged[Cdecl]<nint, void*, delegate* unmanaged[Cdecl]<void*, void>, int> xSetAuxdata;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, void*> xGetAuxdata;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, Fts5PhraseIter*, int*, int*, int> xPhraseFirst;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, Fts5PhraseIter*, int*, int*, void> xPhraseNext;
        // iVersion >= 2: xPhraseFirstColumn, xPhraseNextColumn; >= 3: xQueryToken, xInstToken;
        // >= 4: xColumnLocale, xTokenize_v2 (unused, never read: the struct is only used by pointer).
    }

    /// <summary><c>struct Fts5PhraseIter { const unsigned char *a, *b; }</c>, opaque.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5PhraseIter
    {
        public nint a;
        public nint b;
    }

    /// <summary>
    /// The SQLite C API, from the same native library SQLitePCLRaw's e_sqlite3 provider loads
    /// (it P/Invokes "e_sqlite3" as well, so the runtime resolves both to one loaded module).
    /// </summary>
    private static class Native
    {
        public const string Lib = "e_sqlite3";

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_prepare_v2(nint db, byte* sql, int nByte, nint* stmt, byte** tail);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_bind_pointer(nint stmt, int index, void* p, byte* type, nint destructor);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_step(nint stmt);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_finalize(nint stmt);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern byte* sqlite3_errmsg(nint db);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern byte* sqlite3_errstr(int rc);

        // Once per row, sets a value in the context: too short to be worth a GC transition.
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern void sqlite3_result_double(nint ctx, double value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void sqlite3_result_error(nint ctx, byte* message, int nByte);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void sqlite3_result_error_code(nint ctx, int rc);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_value_type(nint value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_value_int(nint value);
    }
}
