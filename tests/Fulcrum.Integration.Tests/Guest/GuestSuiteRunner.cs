using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// Runs test methods of this assembly inside the guest, one after the other, without a test
/// framework host (vstest takes ~90 s to start under TCG; this, a few). xunit's rules as far as
/// these tests use them: a public constructor whose <see cref="ITestOutputHelper"/> parameter gets
/// the test's output and whose other parameters are fixtures — one instance per type for the whole
/// run, made with its parameterless constructor, <see cref="IAsyncLifetime.InitializeAsync"/> before
/// first use, disposed at the end in reverse order (as a collection fixture would be);
/// <see cref="IAsyncLifetime"/> and IDisposable on the test class; theories with their data
/// attributes; <c>Skip</c>. Each result is written to the results file as soon as it is known.
/// </summary>
internal sealed class GuestSuiteRunner : IAsyncDisposable
{
    private readonly Dictionary<Type, Task<object>> _fixtures = [];
    private readonly List<object> _fixtureOrder = [];

    /// <summary>Runs every test <paramref name="selected"/> accepts, writing each result to <paramref name="resultsFile"/> as it comes.</summary>
    public static async Task<IReadOnlyList<GuestTestResult>> RunAsync(Func<Type, MethodInfo, FactAttribute, bool> selected, string? resultsFile)
    {
        var cases = FindCases(selected).ToList();
        Console.WriteLine($"guest: {cases.Count} test(s) on {GuestKernel.InsideRelease ?? Environment.OSVersion.VersionString}");
        var results = new List<GuestTestResult>();
        if (resultsFile is not null)
        {
            GuestTestResults.Write(resultsFile, results);
        }

        await using (var runner = new GuestSuiteRunner())
        {
            foreach (var (type, method, fact, arguments) in cases)
            {
                var name = GuestTestResult.NameOf(type, method) + (arguments.Length == 0 ? "" : $"({string.Join(", ", arguments.Select(a => a?.ToString() ?? "null"))})");
                Console.WriteLine($"== {name}");
                var result = await runner.RunOneAsync(name, type, method, fact, arguments);
                Console.WriteLine($"-- {result.Outcome} ({result.Seconds:0.0} s){(result.Message is null ? "" : ": " + result.Message)}");
                results.Add(result);
                if (resultsFile is not null)
                {
                    GuestTestResults.Write(resultsFile, results);
                }
            }
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _fixtureOrder.Count - 1; i >= 0; i--)
        {
            try
            {
                await DisposeInstanceAsync(_fixtureOrder[i]);
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                Console.WriteLine($"guest: disposing fixture {_fixtureOrder[i].GetType().Name} failed: {failure}");
            }
        }
    }

    private static IEnumerable<(Type Type, MethodInfo Method, FactAttribute Fact, object?[] Arguments)> FindCases(Func<Type, MethodInfo, FactAttribute, bool> selected)
    {
        foreach (var type in typeof(GuestSuiteRunner).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.IsPublic).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken))
            {
                if (method.GetCustomAttribute<FactAttribute>(inherit: true) is not { } fact || !selected(type, method, fact))
                {
                    continue;
                }

                if (fact is TheoryAttribute)
                {
                    foreach (var data in method.GetCustomAttributes<DataAttribute>(inherit: true).SelectMany(d => d.GetData(method)))
                    {
                        yield return (type, method, fact, data);
                    }
                }
                else
                {
                    yield return (type, method, fact, []);
                }
            }
        }
    }

    private async Task<GuestTestResult> RunOneAsync(string name, Type type, MethodInfo method, FactAttribute fact, object?[] arguments)
    {
        if (fact.Skip is { } reason)
        {
            return new GuestTestResult(name, GuestTestResult.Skipped, 0, "", reason, null);
        }

        var output = new GuestTestOutput();
        var clock = Stopwatch.StartNew();
        object? instance = null;
        try
        {
            var constructor = type.GetConstructors().Single();
            var parameters = new List<object>();
            foreach (var parameter in constructor.GetParameters())
            {
                parameters.Add(parameter.ParameterType == typeof(ITestOutputHelper) ? output : await FixtureAsync(parameter.ParameterType));
            }

            instance = constructor.Invoke([.. parameters]);
            if (instance is IAsyncLifetime lifetime)
            {
                await lifetime.InitializeAsync();
            }

            if (method.Invoke(instance, arguments) is Task task)
            {
                await task;
            }

            return new GuestTestResult(name, GuestTestResult.Passed, clock.Elapsed.TotalSeconds, output.Text, null, null);
        }
        catch (Exception thrown) when (thrown is not OutOfMemoryException)
        {
            var failure = thrown is TargetInvocationException { InnerException: { } inner } ? inner : thrown;
            return new GuestTestResult(name, GuestTestResult.Failed, clock.Elapsed.TotalSeconds, output.Text,
                $"{failure.GetType().FullName}: {failure.Message}", failure.StackTrace);
        }
        finally
        {
            if (instance is not null)
            {
                try
                {
                    await DisposeInstanceAsync(instance);
                }
                catch (Exception failure) when (failure is not OutOfMemoryException)
                {
                    Console.WriteLine($"guest: disposing {name} failed: {failure.Message}");
                }
            }
        }
    }

    /// <summary>One instance per fixture type for the whole run; a fixture that failed to start fails every test that needs it.</summary>
    private Task<object> FixtureAsync(Type type)
    {
        if (!_fixtures.TryGetValue(type, out var fixture))
        {
            fixture = CreateFixtureAsync(type);
            _fixtures[type] = fixture;
        }

        return fixture;
    }

    private async Task<object> CreateFixtureAsync(Type type)
    {
        var clock = Stopwatch.StartNew();
        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"fixture {type} could not be created");
        _fixtureOrder.Add(instance);
        if (instance is IAsyncLifetime lifetime)
        {
            await lifetime.InitializeAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"guest: fixture {type.Name} ready in {clock.Elapsed.TotalSeconds:0.0} s"));
        return instance;
    }

    private static async Task DisposeInstanceAsync(object instance)
    {
        if (instance is IAsyncLifetime lifetime)
        {
            await lifetime.DisposeAsync();
        }

        if (instance is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (instance is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
