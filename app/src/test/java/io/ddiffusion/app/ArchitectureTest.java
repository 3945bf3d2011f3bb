package io.ddiffusion.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The modules' dependency directions and package cycles, checked on the compiled main classes of every module on
 * this class path (schema, core, redis, s3, worker, api, app; not bench, which nothing depends on): {@code schema} ←
 * {@code core} ← {@code redis}, {@code s3}; {@code api} and {@code worker} see only {@code schema} and {@code core};
 * {@code app} wires everything.
 */
class ArchitectureTest {

    private static final String OURS = "io.ddiffusion";

    /** Test classes are left out: a test's own class dir, and test-jars (worker's, when the reactor packaged it). */
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages(OURS);
    }

    @Test
    void theMainClassesOfEveryModuleAreImportedAndNoTestClasses() {
        for (String module : new String[] {"schema", "core", "redis", "s3", "worker", "api", "app"}) {
            assertThat(main.containPackage(OURS + "." + module)).as(module).isTrue();
        }
        assertThat(main.contain(ArchitectureTest.class)).isFalse();
        assertThat(main.stream().map(JavaClass::getPackageName)).noneMatch(p -> p.startsWith(OURS + ".worker.testing"));
    }

    @Test
    void schemaDependsOnlyOnTheJdkJacksonBeanValidationAndOpenApiAnnotations() {
        classes().that().resideInAPackage(OURS + ".schema..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(OURS + ".schema..", "java..",
                        "com.fasterxml.jackson..", "jakarta.validation..", "org.eclipse.microprofile.openapi..")
                .because("its records are shared by API, workers and clients, and carry no logic of ours")
                .check(main);
    }

    @Test
    void coreSeesNoModuleButSchema() {
        noClasses().that().resideInAPackage(OURS + ".core..")
                .should().dependOnClassesThat(ourModulesOtherThan("core", "schema"))
                .check(main);
    }

    @Test
    void redisSeesNoModuleButCoreAndSchema() {
        noClasses().that().resideInAPackage(OURS + ".redis..")
                .should().dependOnClassesThat(ourModulesOtherThan("redis", "core", "schema"))
                .because("redis implements core's SPIs and nothing else")
                .check(main);
    }

    @Test
    void s3SeesNoModuleButCoreAndSchema() {
        noClasses().that().resideInAPackage(OURS + ".s3..")
                .should().dependOnClassesThat(ourModulesOtherThan("s3", "core", "schema"))
                .because("s3 implements core's BlobStorage and nothing else")
                .check(main);
    }

    @Test
    void apiAndWorkerNeverReachTheObjectStoreNorItsSdk() {
        noClasses().that().resideInAnyPackage(OURS + ".api..", OURS + ".worker..")
                .should().dependOnClassesThat().resideInAnyPackage(OURS + ".s3..", "software.amazon..")
                .because("they read and write blobs through core's BlobStorage; app chooses the implementation")
                .check(main);
    }

    @Test
    void apiAndWorkerNeverReachRedisNorItsClient() {
        noClasses().that().resideInAnyPackage(OURS + ".api..", OURS + ".worker..")
                .should().dependOnClassesThat().resideInAnyPackage(OURS + ".redis..", "io.lettuce..")
                .because("they talk to the broker and stores through core's SPIs; app chooses the implementation")
                .check(main);
    }

    @Test
    void coreKeepsTraceContextsAsPlainStringsAndOnlyTheAppSeesTheTracingSdk() {
        noClasses().that().resideInAPackage(OURS + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry..")
                .because("the task record carries W3C strings; api and worker hold the spans")
                .check(main);
        noClasses().that().resideInAnyPackage(OURS + ".api..", OURS + ".worker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry.sdk..",
                        "io.opentelemetry.exporter..")
                .because("they trace through the OpenTelemetry API; app builds the SDK only when it exports")
                .check(main);
    }

    @Test
    void theApiSeesNoModuleButCoreAndSchema() {
        noClasses().that().resideInAPackage(OURS + ".api..")
                .should().dependOnClassesThat(ourModulesOtherThan("api", "core", "schema"))
                .check(main);
    }

    @Test
    void theWorkerSeesNoModuleButCoreAndSchema() {
        noClasses().that().resideInAPackage(OURS + ".worker..")
                .should().dependOnClassesThat(ourModulesOtherThan("worker", "core", "schema"))
                .check(main);
    }

    /**
     * Level 1 cuts {@code io.ddiffusion.worker.images.local.sdxl} to the module {@code io.ddiffusion.worker}, level 2
     * to {@code io.ddiffusion.worker.images}, and so on; a class above the cut is in its own package's slice (the
     * classes directly in {@code io.ddiffusion.worker.images} are one slice beside {@code …images.local} at level 3).
     * The deepest level is every package on its own.
     */
    @ParameterizedTest(name = "the package trees {0} level(s) below io.ddiffusion are free of cycles")
    @MethodSource("levels")
    void thePackageTreesAtEveryLevelAreFreeOfCycles(int level) {
        slices().assignedFrom(packagesCutAt(level)).should().beFreeOfCycles().check(main);
    }

    static IntStream levels() {
        int deepest = main.stream().mapToInt(c -> c.getPackageName().split("\\.").length).max().orElseThrow();
        return IntStream.rangeClosed(1, deepest - 2);
    }

    private static SliceAssignment packagesCutAt(int level) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String[] parts = javaClass.getPackageName().split("\\.");
                return SliceIdentifier.of(String.join(".", Arrays.copyOf(parts, Math.min(parts.length, 2 + level))));
            }

            @Override
            public String getDescription() {
                return "the package trees " + level + " level(s) below " + OURS;
            }
        };
    }

    /** Classes of ours outside the given modules (the modules named by their package under io.ddiffusion). */
    private static DescribedPredicate<JavaClass> ourModulesOtherThan(String... allowed) {
        String[] packages = Arrays.stream(allowed).map(m -> OURS + "." + m + "..").toArray(String[]::new);
        return resideInAPackage(OURS + "..").and(resideOutsideOfPackages(packages))
                .as("belong to our modules other than " + String.join(", ", allowed));
    }
}
