package io.bucketbrigade.ingest.content;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import org.springframework.stereotype.Component;

/** The file is one well-formed JSON document (checked as it streams, with Jackson's non-blocking parser). */
@Component
class JsonCheck implements ContentCheck {

    private final JsonFactory factory = new JsonFactory();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public Inspection start(String fileName) {
        JsonParser parser;
        try {
            parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayFeeder feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        return new Inspection() {
            private int depth;
            private boolean rootDone;

            @Override
            public void update(byte[] bytes, int offset, int length) {
                try {
                    feeder.feedInput(bytes, offset, offset + length);
                } catch (IOException e) {
                    throw invalid(e);
                }
                drain();
            }

            @Override
            public void finish(long contentBytes) {
                feeder.endOfInput();
                drain();
                if (!rootDone) {
                    throw new ContentRejectedException("invalid-json", fileName + " is not valid JSON: the document"
                            + " ends before it is complete.");
                }
            }

            private void drain() {
                try {
                    JsonToken token;
                    while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                        if (rootDone) {
                            throw new ContentRejectedException("invalid-json", fileName + " is not valid JSON: more"
                                    + " content follows the document (line "
                                    + parser.currentLocation().getLineNr() + ").");
                        }
                        if (token.isStructStart()) {
                            depth++;
                        } else if (token.isStructEnd()) {
                            depth--;
                        }
                        rootDone = depth == 0;
                    }
                } catch (IOException e) {
                    throw invalid(e);
                }
            }

            private ContentRejectedException invalid(IOException e) {
                String message = e instanceof JsonParseException parse ? parse.getOriginalMessage() : e.getMessage();
                return new ContentRejectedException("invalid-json", fileName + " is not valid JSON: " + message
                        + " (line " + parser.currentLocation().getLineNr() + ", column "
                        + parser.currentLocation().getColumnNr() + ").");
            }
        };
    }
}
