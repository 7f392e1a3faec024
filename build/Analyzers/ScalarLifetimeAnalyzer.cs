using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Fcan.Analyzers;

/// <summary>
/// FCAN0001: a TorchSharp Scalar made from a number where it is passed. TorchSharp 0.107 frees a Scalar's native value
/// in its finalizer, and its tensor methods keep no reference to the Scalar while libtorch reads it, so a garbage
/// collection on another thread can free the value mid-call: libtorch then reads freed memory (a wrong number, or
/// "Expected false to be true" from c10::Scalar::toDouble). A Scalar declared with <c>using</c> lives to the end of
/// its block (its Dispose is the last use), so it is safe: <c>using Scalar two = 2.0;</c> then <c>x * two</c>.
/// TorchSharp makes such Scalars itself in Tensor operators with a number operand (<c>x * 2.0</c>), in <c>+</c> and
/// <c>add</c> without an alpha (an alpha of 1), <c>square()</c> (pow 2), <c>ToDouble()</c> and the like, the
/// <c>leaky_relu</c> that takes a double and <c>arange</c> without start, stop and step (found by reading 0.107's IL
/// for calls that make a Scalar); Fcan.Engine.Runtime.HeldScalars has the replacements.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScalarLifetimeAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "FCAN0001",
        "A TorchSharp Scalar made from a number where it is passed",
        "{0}: TorchSharp can free a Scalar here while libtorch reads it; declare it with using (using Scalar two = 2.0;) and pass that, or use HeldScalars",
        "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(OnConversion, OperationKind.Conversion);
        context.RegisterOperationAction(OnInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(OnOperator, OperationKind.Binary, OperationKind.CompoundAssignment, OperationKind.Unary);
    }

    private static void OnConversion(OperationAnalysisContext context)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is { } method && IsScalar(method.ContainingType) && conversion.Operand.Type is { } from
            && !IsScalar(from) && !HeldByUsing(conversion))
            context.ReportDiagnostic(Diagnostic.Create(Rule, conversion.Syntax.GetLocation(), $"a {from.Name} made into a Scalar"));
    }

    /// <summary>ToScalar() and the like, where the Scalar they make is passed on.</summary>
    private static void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (IsTorchSharp(target.ContainingType) && MakesItsOwnScalar(target))
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), $"{target.Name} makes a Scalar that TorchSharp drops"));
        else if (IsScalar(invocation.TargetMethod.ReturnType) && IsTorchSharp(invocation.TargetMethod.ContainingType) && !HeldByUsing(invocation))
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), $"a Scalar made by {invocation.TargetMethod.Name}"));
    }

    /// <summary>TorchSharp 0.107 members that make a Scalar of their own and pass it to libtorch unheld.</summary>
    private static bool MakesItsOwnScalar(IMethodSymbol method) => method.Name switch
    {
        "add" or "add_" => method.Parameters.Length == 1,
        "square" => true,
        "ToDouble" or "ToSingle" or "ToInt32" or "ToInt64" or "ToBoolean" => OnTensor(method),
        "leaky_relu" => method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_Double),
        "arange" => method.Parameters.Count(p => IsScalar(p.Type)) < 3,
        _ => false,
    };

    private static bool OnTensor(IMethodSymbol method) =>
        method.ContainingType.Name == "Tensor" || method.IsExtensionMethod && method.Parameters[0].Type.Name == "Tensor";

    /// <summary>Whether the Scalar initialises a variable declared with using.</summary>
    private static bool HeldByUsing(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            switch (parent)
            {
                case IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation
                    or IVariableDeclarationGroupOperation:
                    continue;
                case IUsingDeclarationOperation or IUsingOperation:
                    return true;
                default:
                    return false;
            }
        return false;
    }

    private static void OnOperator(OperationAnalysisContext context)
    {
        var method = context.Operation switch
        {
            IBinaryOperation binary => binary.OperatorMethod,
            ICompoundAssignmentOperation compound => compound.OperatorMethod,
            IUnaryOperation unary => unary.OperatorMethod,
            _ => null,
        };
        if (method is null || method.ContainingType.Name != "Tensor" || !IsTorchSharp(method.ContainingType)) return;
        if (method.Parameters.Any(p => p.Type.SpecialType != SpecialType.None))
            context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), $"a Tensor operator with a number ({method.Name})"));
        else if (method.Name == "op_Addition")
            context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), "tensor + (an alpha of 1 made and dropped by TorchSharp): use Plus"));
    }

    private static bool IsScalar(ITypeSymbol type) => type.Name == "Scalar" && IsTorchSharp(type);

    private static bool IsTorchSharp(ITypeSymbol type) => type.ContainingNamespace?.ToDisplayString() is "TorchSharp";
}
