using Vitals.Testing;

// One throwaway PostgreSQL cluster for the whole run, started by the first test that needs it.
[assembly: AssemblyFixture(typeof(PostgresClusterFixture))]
