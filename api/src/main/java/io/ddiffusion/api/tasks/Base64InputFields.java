package io.ddiffusion.api.tasks;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.images.ImageReference;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.videos.VideoRequest;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Where a body of {@code type} has base64 fields, as {@link Base64FieldStream} names them: object keys from the
     * root joined by '.', {@code []} for a list's elements ({@code image}, {@code images[]},
     * {@code references[].image}). Read from the mapper's own view of the type, mix-ins and renames included, so
     * the stream and the deserializer cannot disagree on a field.
     */
    static Set<String> pathsOf(ObjectMapper mapper, Class<?> type) {
        Set<String> paths = new TreeSet<>();
        collect(mapper.getDeserializationConfig(), mapper.constructType(type), "", paths, 0);
        return Set.copyOf(paths);
    }

    private static void collect(DeserializationConfig config, JavaType type, String prefix, Set<String> paths,
            int depth) {
        // why: request bodies are records of records, a few levels deep; nothing else holds base64 fields
        if (!type.isRecordType() || depth > 4) {
            return;
        }
        for (BeanPropertyDefinition property : config.introspect(type).findProperties()) {
            String path = prefix.isEmpty() ? property.getName() : prefix + "." + property.getName();
            JsonDeserialize how = howRead(property);
            JavaType valueType = property.getPrimaryType();
            if (how != null && how.using() == Base64InputDeserializer.class) {
                paths.add(path);
            } else if (how != null && how.contentUsing() == Base64InputDeserializer.class) {
                paths.add(path + "[]");
            } else if (valueType.isCollectionLikeType()) {
                collect(config, valueType.getContentType(), path + "[]", paths, depth + 1);
            } else {
                collect(config, valueType, path, paths, depth + 1);
            }
        }
    }

    private static JsonDeserialize howRead(BeanPropertyDefinition property) {
        for (AnnotatedMember member : new AnnotatedMember[] {property.getField(), property.getConstructorParameter(),
                property.getGetter()}) {
            JsonDeserialize how = member == null ? null : member.getAnnotation(JsonDeserialize.class);
            if (how != null) {
                return how;
            }
        }
        return null;
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
