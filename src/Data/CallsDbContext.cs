using Microsoft.EntityFrameworkCore;

namespace MiiTelDashboard.Data;

public sealed class CallsDbContext(DbContextOptions<CallsDbContext> options) : DbContext(options)
{
    public DbSet<CallDetail> Details => Set<CallDetail>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<CallTag> Tags => Set<CallTag>();
    public DbSet<CallComment> Comments => Set<CallComment>();
    public DbSet<CallKeyword> Keywords => Set<CallKeyword>();
    public DbSet<Utterance> Utterances => Set<Utterance>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CallsDbContext).Assembly);
}
