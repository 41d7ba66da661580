package trough.calcite;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/**
 * The adapter's packages depend one way, from the runtime up to the preparation of statements:
 *
 * <pre>
 * exec      runs fragments on segments and merges their rows (knows nothing of plans or sources)
 * write     SQLite literals of the values INSERT writes (the writers themselves are core's client layer)
 * schema    the source SPI: schemas, tables, segments, and where they run and are written
 * sql       renders plans as SQLite SQL; prunes segments
 * modify    what INSERT, UPDATE and DELETE run
 * rel       the planner's operators, and the fan-out plan they make
 * rules     the planner's rules
 * scratch   queries SQLite answers on the client
 * prepare   statement preparation: the validator, the planner, the plan cache
 * file, cluster   the two sources (segment files in process, a cluster over HTTP)
 * </pre>
 */
class PackageLayersTest {
    private static final JavaClasses ADAPTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("trough.calcite");

    @Test
    void packagesHaveNoCycles() {
        ArchRule rule = slices().matching("trough.calcite.(*)..").should().beFreeOfCycles();
        rule.check(ADAPTER);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("exec").definedBy("trough.calcite.exec..")
                .layer("write").definedBy("trough.calcite.write..")
                .layer("schema").definedBy("trough.calcite.schema..")
                .layer("sql").definedBy("trough.calcite.sql..")
                .layer("modify").definedBy("trough.calcite.modify..")
                .layer("rel").definedBy("trough.calcite.rel..")
                .layer("rules").definedBy("trough.calcite.rules..")
                .layer("scratch").definedBy("trough.calcite.scratch..")
                .layer("prepare").definedBy("trough.calcite.prepare..")
                .layer("sources").definedBy("trough.calcite.file..", "trough.calcite.cluster..")
                .whereLayer("prepare").mayNotBeAccessedByAnyLayer()
                .whereLayer("sources").mayNotBeAccessedByAnyLayer()
                .whereLayer("scratch").mayOnlyBeAccessedByLayers("prepare")
                .whereLayer("rules").mayOnlyBeAccessedByLayers("prepare")
                .whereLayer("rel").mayOnlyBeAccessedByLayers("rules", "scratch", "prepare")
                .whereLayer("modify").mayOnlyBeAccessedByLayers("rel", "rules", "scratch", "prepare")
                .whereLayer("sql").mayOnlyBeAccessedByLayers("modify", "rel", "rules", "scratch", "prepare")
                .whereLayer("schema").mayOnlyBeAccessedByLayers("sql", "modify", "rel", "rules", "scratch", "prepare", "sources")
                .whereLayer("write").mayOnlyBeAccessedByLayers("schema", "sql", "modify", "rel", "rules", "scratch", "prepare", "sources")
                .check(ADAPTER);
    }
}
