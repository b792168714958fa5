package io.bucketbrigade.routefiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteFileParserTest {

    final DefaultCamelContext camel = new DefaultCamelContext();
    final RouteFileParser parser = new RouteFileParser(camel, "shared-errors");

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Nested
    class Accepts {

        @Test
        void routesAndRouteConfigurationsWithTheirIds() {
            ParsedRouteFile parsed = parser.parse("a.camel.yaml", """
                    - routeConfiguration:
                        id: local-errors
                        errorHandler:
                          noErrorHandler: {}
                    - route:
                        id: first
                        from:
                          uri: direct:first
                          steps:
                            - log: first
                    - route:
                        id: second
                        routeConfigurationId: local-errors
                        from:
                          uri: direct:second
                          steps:
                            - log: second
                    """);

            assertThat(parsed.routeIds()).containsExactly("first", "second");
            assertThat(parsed.configurationIds()).containsExactly("local-errors");
        }

        @Test
        void givesTheDefaultConfigurationToRoutesThatNameNone() {
            ParsedRouteFile parsed = parser.parse("a.camel.yaml", """
                    - route:
                        id: plain
                        from:
                          uri: direct:plain
                          steps:
                            - log: plain
                    - route:
                        id: own
                        routeConfigurationId: special
                        from:
                          uri: direct:own
                          steps:
                            - log: own
                    """);

            assertThat(parsed.routes()).extracting(r -> r.getRouteConfigurationId())
                    .containsExactly("shared-errors", "special");
        }

        @Test
        void anEmptyFile() {
            assertThat(parser.parse("empty.camel.yaml", "# nothing yet\n")).isEqualTo(ParsedRouteFile.EMPTY);
        }
    }

    @Nested
    class Rejects {

        /** Found by RouteFileParserPropertiesTest: Camel's YAML reader recursed into a StackOverflowError. */
        @Test
        void nestingThousandsOfLevelsDeepWithAReasonNotAStackOverflow() {
            String deep = "- route:\n    id: deep\n    from:\n      uri: direct:deep\n      steps:\n        - "
                    + "[".repeat(5000) + "\n";

            assertThatThrownBy(() -> parser.parse("deep.camel.yaml", deep)).isInstanceOf(RouteFileException.class)
                    .hasMessage("nested more than 100 levels deep at line 6; a route file needs far fewer");
        }

        @Test
        void textThatIsNotYaml() {
            assertThatThrownBy(() -> parser.parse("bad.camel.yaml", "- route: [unclosed\n"))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageStartingWith("does not parse");
        }

        @Test
        void anUnknownStep() {
            assertThatThrownBy(() -> parser.parse("bad.camel.yaml", """
                    - route:
                        id: r
                        from:
                          uri: direct:r
                          steps:
                            - teleport: somewhere
                    """))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageStartingWith("does not parse")
                    .hasMessageContaining("teleport");
        }

        @Test
        void aRouteWithoutAnId() {
            assertThatThrownBy(() -> parser.parse("bad.camel.yaml", """
                    - route:
                        from:
                          uri: direct:anonymous
                          steps:
                            - log: hi
                    """))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageContaining("without an id")
                    .hasMessageContaining("direct:anonymous");
        }

        @Test
        void theSameIdTwice() {
            assertThatThrownBy(() -> parser.parse("bad.camel.yaml", """
                    - route:
                        id: twin
                        from:
                          uri: direct:a
                          steps:
                            - log: a
                    - route:
                        id: twin
                        from:
                          uri: direct:b
                          steps:
                            - log: b
                    """))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessage("declares route id 'twin' twice");
        }

        @Test
        void routeTemplatesBesideRoutes() {
            assertThatThrownBy(() -> parser.parse("t.camel.yaml", TEMPLATES + """
                    - route:
                        id: plain
                        from:
                          uri: direct:plain
                          steps:
                            - log: plain
                    """))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageStartingWith("declares route templates beside routes");
        }
    }

    static final String TEMPLATES = """
            - routeTemplate:
                id: relay
                parameters:
                  - name: source
                    description: the direct endpoint to read
                  - name: target
                  - name: greeting
                    defaultValue: hello
                route:
                  description: "relays {{source}}"
                  autoStartup: "{{start:true}}"
                  from:
                    id: input
                    uri: "direct:{{source}}"
                    steps:
                      - setBody:
                          id: greet
                          simple: "{{greeting}} ${body}"
                      - to:
                          id: hand-over
                          uri: "{{target}}"
            """;

    @Nested
    class Templates {

        final RouteTemplates templates = new RouteTemplates(parser, java.util.Map.of("t.camel.yaml", TEMPLATES));

        /** A route from the relay template that sets its source only. */
        static final String FIRST_RELAY_FROM_ONE = """
                - templatedRoute:
                    routeTemplateRef: relay
                    routeId: first-relay
                    parameters:
                      - name: source
                        value: one
                """;

        @Test
        void aTemplateFileDeclaresItsTemplates() {
            ParsedRouteFile parsed = parser.parse("t.camel.yaml", TEMPLATES);

            assertThat(parsed.templateIds()).containsExactly("relay");
            assertThat(parsed.routeIds()).isEmpty();
        }

        @Test
        void makesRoutesFromTemplatesThatRunWithTheirParameters() throws Exception {
            ParsedRouteFile parsed = parser.parse("r.camel.yaml", """
                    - templatedRoute:
                        routeTemplateRef: relay
                        routeId: first-relay
                        prefixId: first-
                        parameters:
                          - name: source
                            value: one
                          - name: target
                            value: direct:end
                    - templatedRoute:
                        routeTemplateRef: relay
                        routeId: second-relay
                        parameters:
                          - name: source
                            value: two
                          - name: target
                            value: direct:end
                          - name: greeting
                            value: "{{salute}}"
                    - route:
                        id: end
                        from:
                          uri: direct:end
                          steps:
                            - setBody:
                                simple: "${body}!"
                    """, templates);

            assertThat(parsed.routeIds()).containsExactly("end", "first-relay", "second-relay");
            assertThat(parsed.usedTemplates()).containsExactly("relay");
            camel.getPropertiesComponent().addInitialProperty("salute", "hi");
            camel.start();
            org.apache.camel.model.RouteConfigurationDefinition shared = new org.apache.camel.model.RouteConfigurationDefinition();
            shared.setId("shared-errors");
            camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                    .addRouteConfiguration(shared);
            parsed.prepare();
            camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                    .addRouteDefinitions(parsed.routes());

            assertThat(camel.createProducerTemplate().requestBody("direct:one", "you", String.class))
                    .isEqualTo("hello you!");
            assertThat(camel.createProducerTemplate().requestBody("direct:two", "you", String.class))
                    .isEqualTo("hi you!");
            assertThat(camel.getRoute("first-relay").getDescription()).isEqualTo("relays one");
            assertThat(camel.getRoute("first-relay").getConfigurationId()).isEqualTo("shared-errors");
            assertThat(camel.getRoute("first-relay").getEndpoint().getEndpointUri()).isEqualTo("direct://one");
            assertThat(camel.getRoute("first-relay").getConsumer()).isNotNull();
            assertThat(camel.getRoute("first-relay").getRouteId()).isEqualTo("first-relay");
        }

        @Test
        void rejectsATemplateNoFileDeclares() {
            assertThatThrownBy(() -> parser.parse("r.camel.yaml", """
                    # one
                    - templatedRoute:
                        routeTemplateRef: relax
                        routeId: first-relay
                    """, templates))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessage("has templatedRoute 'first-relay' (line 4) naming route template 'relax', which no"
                            + " template file declares");
        }

        @Test
        void rejectsAMissingRequiredParameter() {
            assertThatThrownBy(() -> parser.parse("r.camel.yaml", FIRST_RELAY_FROM_ONE, templates))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessage("has templatedRoute 'first-relay' (line 3) without the required parameter target of"
                            + " route template 'relay'");
        }

        @Test
        void rejectsAParameterTheTemplateDoesNotDeclare() {
            assertThatThrownBy(() -> parser.parse("r.camel.yaml", FIRST_RELAY_FROM_ONE + """
                          - name: traget
                            value: direct:end
                    """, templates))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageStartingWith("has templatedRoute 'first-relay' (line 3) setting parameter 'traget',"
                            + " which route template 'relay' does not declare");
        }

        @Test
        void rejectsATemplatedRouteWithoutAnId() {
            assertThatThrownBy(() -> parser.parse("r.camel.yaml", """
                    - templatedRoute:
                        routeTemplateRef: relay
                    """, templates))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageStartingWith("has a templatedRoute of template 'relay' without a routeId (line 2)");
        }
    }
}
