using Vitals.Testing;

// One throwaway PostgreSQL cluster for the run, started only if a test asks for it (the PostgreSQL store tests).
[assembly: AssemblyFixture(typeof(PostgresClusterFixture))]
