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
        void routeTemplatesForNow() {
            assertThatThrownBy(() -> parser.parse("t.camel.yaml", """
                    - routeTemplate:
                        id: copy
                        parameters:
                          - name: from
                        from:
                          uri: "direct:{{from}}"
                          steps:
                            - log: copy
                    """))
                    .isInstanceOf(RouteFileException.class)
                    .hasMessageContaining("route templates");
        }
    }
}
