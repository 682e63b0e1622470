using Vitals.Console.Tests.Support;

// One server and one browser for the assembly; tests run one at a time because they share that fleet and some of
// them change it (kill a backend, drain a member, edit a monitor), and because a browser is heavy on two cores.
[assembly: AssemblyFixture(typeof(ConsoleFleet))]
[assembly: AssemblyFixture(typeof(ChromiumBrowser))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
