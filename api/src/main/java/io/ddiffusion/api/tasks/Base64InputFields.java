package io.ddiffusion.api.tasks;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.schema.common.Limits;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.ddiffusion.schema.images.ImageReference;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.videos.VideoRequest;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The request fields that carry base64 media, read by {@link Base64InputDeserializer} (as Jackson mix-ins, so the
 * shared schema records stay plain). Workflow patch values are untyped and stay strings until their submission.
 */
@Singleton
public class Base64InputFields implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        // why: Jackson refuses strings over 20 M characters by default (about 14 MiB of media) with a vague
        // "invalid value"; let the documented limit (MAX_BASE64_CHARS, checked with a message naming the field)
        // and the body limit (413) be the ones a client meets
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Limits.MAX_BASE64_CHARS + 1).build());
        mapper.addMixIn(ImageRequest.class, ImageInputs.class);
        mapper.addMixIn(ImageReference.class, ReferenceInputs.class);
        mapper.addMixIn(VideoRequest.class, VideoInputs.class);
        mapper.addMixIn(TextRequest.class, TextInputs.class);
    }

    private abstract static class ImageInputs {
        @JsonDeserialize(using = Base64InputDeserializer.class)
        String image;
        @JsonDeserialize(using = Base64InputDeserializer.class)
        String mask;
    }

    private abstract static class ReferenceInputs {
        @JsonDeserialize(using = Base64InputDeserializer.class)
        String image;
    }

    private abstract static class VideoInputs {
        @JsonDeserialize(using = Base64InputDeserializer.class)
        String image;
        @JsonDeserialize(using = Base64InputDeserializer.class)
        String lastImage;
        @JsonDeserialize(using = Base64InputDeserializer.class)
        String video;
    }

    private abstract static class TextInputs {
        @JsonDeserialize(contentUsing = Base64InputDeserializer.class)
        List<String> images;
        @JsonDeserialize(contentUsing = Base64InputDeserializer.class)
        List<String> videos;
    }
}
